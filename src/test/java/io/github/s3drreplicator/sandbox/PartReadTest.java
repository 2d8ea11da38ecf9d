package io.github.s3drreplicator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PartReadTest {

    // three parts: 7, 5 and 3 bytes
    private static final PartLayout LAYOUT = PartLayout.of(List.of(1, 2, 3), Map.of(1, 7L, 2, 5L, 3, 3L));

    /** What the proxy answers: the status and what it says. */
    private static String answer(PartRead read) {
        if (read instanceof PartRead.Bytes bytes) {
            return "206 " + bytes.contentRange() + " length " + bytes.length() + " parts " + bytes.partsCount()
                    + (bytes.whole() ? " whole" : "");
        }
        if (read instanceof PartRead.NotSatisfiable beyond) {
            return "416 " + beyond.requested() + " of " + beyond.actual();
        }
        return "501 unknown layout of " + ((PartRead.LayoutUnknown) read).partsCount();
    }

    @ParameterizedTest(name = "part {0} of {1} ({2} bytes, layout {3}): {4}")
    @CsvSource(delimiter = '|', textBlock = """
            1 | "0cc175b9c0f1b6a831c399e269772661"   | 15 | none  | 206 bytes 0-14/15 length 15 parts null whole
            2 | "0cc175b9c0f1b6a831c399e269772661"   | 15 | none  | 416 2 of 1
            1 | 0cc175b9c0f1b6a831c399e269772661     | 0  | none  | 206 null length 0 parts null whole
            1 | "f1c9645dbc14efddc7d8a322685f26eb-3" | 15 | known | 206 bytes 0-6/15 length 7 parts 3
            2 | "f1c9645dbc14efddc7d8a322685f26eb-3" | 15 | known | 206 bytes 7-11/15 length 5 parts 3
            3 | f1c9645dbc14efddc7d8a322685f26eb-3   | 15 | known | 206 bytes 12-14/15 length 3 parts 3
            4 | "f1c9645dbc14efddc7d8a322685f26eb-3" | 15 | known | 416 4 of 3
            1 | "f1c9645dbc14efddc7d8a322685f26eb-3" | 15 | none  | 501 unknown layout of 3
            1 | "f1c9645dbc14efddc7d8a322685f26eb-3" | 16 | known | 501 unknown layout of 3
            1 | "f1c9645dbc14efddc7d8a322685f26eb-2" | 15 | known | 501 unknown layout of 2
            """)
    void aPartIsAnsweredFromTheObjectsLayout(int number, String eTag, long size, String layout, String expected) {
        Optional<PartLayout> known = "known".equals(layout) ? Optional.of(LAYOUT) : Optional.empty();

        assertThat(answer(PartRead.judge(number, eTag, size, known))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "partNumber={0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            1       | 1
            10000   | 10000
            0       | -
            10001   | -
            -1      | -
            one     | -
            ''      | -
            """)
    void aPartNumberIsAWholeNumberFromOneToTenThousand(String parameter, Integer expected) {
        assertThat(PartRead.number(parameter).isPresent() ? PartRead.number(parameter).getAsInt() : null)
                .isEqualTo(expected);
    }
}
