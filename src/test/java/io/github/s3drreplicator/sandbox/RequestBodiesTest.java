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
    void anEmptyTagSetIsToldFromTags() {
        assertThat(RequestBodies.emptyTagging("""
                <Tagging xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><TagSet/></Tagging>"""
                .getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(RequestBodies.emptyTagging("<Tagging><TagSet></TagSet></Tagging>"
                .getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(RequestBodies.emptyTagging(("<Tagging><TagSet><Tag><Key>a</Key><Value>b</Value></Tag></TagSet>"
                + "</Tagging>").getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(RequestBodies.emptyTagging("not xml".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(RequestBodies.emptyTagging("<Delete/>".getBytes(StandardCharsets.UTF_8))).isFalse();
    }

    @Test
    void readsTheKeyOfABrowserFormUpload() {
        String form = "--xyz\r\nContent-Disposition: form-data; name=\"key\"\r\n\r\nuploads/€ photo.jpg\r\n"
                + "--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"photo.jpg\"\r\n"
                + "Content-Type: image/jpeg\r\n\r\nBYTES\r\n--xyz--\r\n";

        assertThat(RequestBodies.postObjectKey(form.getBytes(StandardCharsets.UTF_8),
                "multipart/form-data; boundary=xyz")).contains("uploads/€ photo.jpg");
    }

    @Test
    void readsTheConditionOfEachObjectOfADeleteObjectsRequestAndWritesItAgainWithoutSome() {
        String xml = """
                <Delete><Quiet>true</Quiet><Object><Key>a</Key><ETag>"e1"</ETag></Object>\
                <Object><Key> b &lt; c </Key><VersionId>v</VersionId></Object></Delete>""";

        RequestBodies.DeleteRequest batch = RequestBodies.deleteObjects(xml.getBytes(StandardCharsets.UTF_8));

        assertThat(batch.quiet()).isTrue();
        assertThat(batch.objects()).containsExactly(new RequestBodies.DeleteEntry("a", null, "\"e1\""),
                new RequestBodies.DeleteEntry(" b < c ", "v", null));
        byte[] rest = batch.xml(batch.objects().subList(1, 2));
        assertThat(RequestBodies.deleteObjects(rest))
                .isEqualTo(new RequestBodies.DeleteRequest(true, batch.objects().subList(1, 2)));
    }

    @Test
    void addsTheErrorsOfObjectsLeftOutToADeleteObjectsAnswer() {
        String error = S3Errors.deleteError("a", "PreconditionFailed", S3Errors.PRECONDITION_FAILED_MESSAGE);
        String answer = "<?xml version=\"1.0\"?><DeleteResult xmlns=\"x\"><Deleted><Key>b</Key></Deleted></DeleteResult>";

        assertThat(RequestBodies.deleteResult(answer, java.util.List.of(error))).isEqualTo(
                "<?xml version=\"1.0\"?><DeleteResult xmlns=\"x\"><Deleted><Key>b</Key></Deleted><Error><Key>a</Key>"
                        + "<Code>PreconditionFailed</Code><Message>At least one of the pre-conditions you specified"
                        + " did not hold</Message></Error></DeleteResult>");
        assertThat(RequestBodies.deleteResult("<DeleteResult xmlns=\"x\"/>", java.util.List.of(error)))
                .isEqualTo("<DeleteResult xmlns=\"x\">" + error + "</DeleteResult>");
        assertThat(RequestBodies.deleteResult(null, java.util.List.of(error))).endsWith("<DeleteResult xmlns="
                + "\"http://s3.amazonaws.com/doc/2006-03-01/\">" + error + "</DeleteResult>");
    }

    @Test
    void readsTheRegionACreateBucketRequestAsksFor() {
        String xml = "<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                + "<LocationConstraint>us-east-2</LocationConstraint></CreateBucketConfiguration>";

        assertThat(RequestBodies.locationConstraint(xml.getBytes(StandardCharsets.UTF_8))).contains("us-east-2");
        assertThat(RequestBodies.locationConstraint(new byte[0])).isEmpty();
        assertThat(RequestBodies.locationConstraint("<CreateBucketConfiguration/>".getBytes(StandardCharsets.UTF_8)))
                .isEmpty();
    }
}
