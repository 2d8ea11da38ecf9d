package io.github.s3drreplicator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

class MultipartBodiesTest {

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsThePartsACompletionLists() {
        String xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <CompleteMultipartUpload xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
                  <Part><ETag>"a"</ETag><PartNumber>1</PartNumber></Part>
                  <Part><PartNumber> 3 </PartNumber><ETag>"c"</ETag><ChecksumCRC32>x==</ChecksumCRC32></Part>
                </CompleteMultipartUpload>""";

        assertThat(MultipartBodies.completedParts(utf8(xml))).containsExactly(1, 3);
    }

    @Test
    void readsEachPartsSizeFromAListPartsAnswer() {
        String xml = "<ListPartsResult><Bucket>b</Bucket><Part><PartNumber>1</PartNumber><ETag>\"a\"</ETag>"
                + "<Size>5242880</Size></Part><Part><PartNumber>2</PartNumber><Size>4</Size></Part></ListPartsResult>";

        assertThat(MultipartBodies.listedPartSizes(utf8(xml))).isEqualTo(Map.of(1, 5242880L, 2, 4L));
    }

    @Test
    void anythingElseIsNoPartList() {
        assertThatThrownBy(() -> MultipartBodies.completedParts(utf8("<Delete><Object/></Delete>")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MultipartBodies.completedParts(utf8("<CompleteMultipartUpload><Part>"
                + "<ETag>x</ETag></Part></CompleteMultipartUpload>"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MultipartBodies.completedParts(utf8("not xml")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
