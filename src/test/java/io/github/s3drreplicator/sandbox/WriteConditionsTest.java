package io.github.s3drreplicator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WriteConditionsTest {

    private static final String STORED = "\"6654c734ccab8f440ff0825eb443dc7f\"";

    /** What a verdict answers: the HTTP status, and for a 412 the condition it names. */
    private static String answer(WriteConditions.Verdict verdict) {
        if (verdict instanceof WriteConditions.PreconditionFailed failed) {
            return "412 " + failed.condition();
        }
        if (verdict instanceof WriteConditions.NoSuchKey) {
            return "404 NoSuchKey";
        }
        if (verdict instanceof WriteConditions.NotImplemented notImplemented) {
            return "501 " + notImplemented.header();
        }
        return "pass";
    }

    @ParameterizedTest(name = "If-Match [{0}] If-None-Match [{1}] on {2}: {3}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            -                                    | -    | absent   | pass
            -                                    | -    | existing | pass
            -                                    | *    | absent   | pass
            -                                    | *    | existing | 412 If-None-Match
            "6654c734ccab8f440ff0825eb443dc7f"   | -    | existing | pass
            6654c734ccab8f440ff0825eb443dc7f     | -    | existing | pass
            "0000"                               | -    | existing | 412 If-Match
            "0000", "6654c734ccab8f440ff0825eb443dc7f" | - | existing | pass
            *                                    | -    | existing | pass
            "6654c734ccab8f440ff0825eb443dc7f"   | -    | absent   | 404 NoSuchKey
            *                                    | -    | absent   | 404 NoSuchKey
            "6654c734ccab8f440ff0825eb443dc7f"   | *    | existing | 412 If-None-Match
            "0000"                               | *    | existing | 412 If-Match
            "0000"                               | *    | absent   | 404 NoSuchKey
            -                                    | "6654c734ccab8f440ff0825eb443dc7f" | existing | 501 If-None-Match
            """)
    void aWriteIsJudgedAgainstTheKeysCurrentObject(String ifMatch, String ifNoneMatch, String state, String expected) {
        Optional<String> current = "existing".equals(state) ? Optional.of(STORED) : Optional.empty();

        assertThat(answer(new WriteConditions(ifMatch, ifNoneMatch).judge(current))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "DeleteObject with If-Match [{0}] on {1}: {2}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            -                                  | absent   | pass
            "6654c734ccab8f440ff0825eb443dc7f" | existing | pass
            "0000"                             | existing | 412 If-Match
            "0000"                             | absent   | 404 NoSuchKey
            *                                  | existing | pass
            *                                  | absent   | 404 NoSuchKey
            """)
    void aDeleteOnlyKnowsIfMatch(String ifMatch, String state, String expected) {
        Optional<String> current = "existing".equals(state) ? Optional.of(STORED) : Optional.empty();
        WriteConditions conditions = WriteConditions.ofDelete(name -> switch (name) {
            case "If-Match" -> ifMatch;
            case "If-None-Match" -> "*";
            default -> null;
        });

        assertThat(answer(conditions.judge(current))).isEqualTo(expected);
    }
}
