package io.github.s3drreplicator.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class S3KeyDecoderTest {

    static Stream<Arguments> keysAsS3SendsThem() {
        return Stream.of(
                Arguments.of("Project+Idea.txt", "Project Idea.txt"),
                Arguments.of("%E2%82%AC", "€"),
                Arguments.of("price%252B.txt", "price%2B.txt"),
                Arguments.of("a%2Bb", "a+b"),
                Arguments.of("a//double//slash.txt", "a//double//slash.txt"),
                Arguments.of("+leading+and+trailing+", " leading and trailing "),
                Arguments.of("%23%3F%26%3B%3A%2C%40%24%3D", "#?&;:,@$="),
                Arguments.of("100%25", "100%"),
                Arguments.of("%24%7Bsys%3Auser.home%7D", "${sys:user.home}"),
                Arguments.of("..%2Fx", "../x"),
                Arguments.of("dir/sub/file.txt", "dir/sub/file.txt"),
                Arguments.of("%F0%9F%98%80+%E6%97%A5%E6%9C%AC", "😀 日本"));
    }

    @ParameterizedTest(name = "{0} decodes to \"{1}\"")
    @MethodSource("keysAsS3SendsThem")
    void decodesFormEncodedKeysExactlyOnce(String encoded, String expected) {
        assertThat(S3KeyDecoder.decode(encoded)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "\"{0}\" is refused")
    @ValueSource(strings = {"bad%zz", "trailing%", "%C3%28", "%FF", ""})
    void refusesWhatS3NeverSends(String encoded) {
        assertThatThrownBy(() -> S3KeyDecoder.decode(encoded)).isInstanceOf(InvalidEventException.class);
    }
}
