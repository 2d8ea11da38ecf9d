package io.github.s3drreplicator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class RequestBodiesTest {

    @Test
    void readsTheKeysOfADeleteObjectsRequest() {
        String xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
                  <Object><Key>a &amp; b</Key></Object><Object><Key>€/c</Key><VersionId>v</VersionId></Object>
                  <Quiet>true</Quiet>
                </Delete>""";

        assertThat(RequestBodies.deleteObjectsKeys(xml.getBytes(StandardCharsets.UTF_8)))
                .containsExactly("a & b", "€/c");
    }

    @Test
    void readsTheKeyOfABrowserFormUpload() {
        String form = "--xyz\r\nContent-Disposition: form-data; name=\"key\"\r\n\r\nuploads/€ photo.jpg\r\n"
                + "--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"photo.jpg\"\r\n"
                + "Content-Type: image/jpeg\r\n\r\nBYTES\r\n--xyz--\r\n";

        assertThat(RequestBodies.postObjectKey(form.getBytes(StandardCharsets.UTF_8),
                "multipart/form-data; boundary=xyz")).contains("uploads/€ photo.jpg");
    }
}
