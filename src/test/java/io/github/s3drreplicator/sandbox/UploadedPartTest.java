package io.github.s3drreplicator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UploadedPartTest {

    private static final String UPLOAD = "/prod-bucket/big.bin?uploadId=u-1&partNumber=3";

    private static Long sizeOf(String method, String uri, Map<String, String> headers) {
        Map<String, String> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        byName.putAll(headers);
        return UploadedPart.of(method, S3Path.parse(uri), byName::get).map(UploadedPart::size).orElse(null);
    }

    @ParameterizedTest(name = "{0}: {2}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            Content-Length only                   | Content-Length=5242880                                       | 5242880
            aws-chunked, the decoded length said  | Content-Length=5243000, Content-Encoding=aws-chunked, x-amz-decoded-content-length=5242880 | 5242880
            signed chunks, the decoded length said| Content-Length=5243000, x-amz-content-sha256=STREAMING-AWS4-HMAC-SHA256-PAYLOAD, x-amz-decoded-content-length=7 | 7
            aws-chunked without a decoded length  | Content-Length=5243000, Content-Encoding=aws-chunked         | -1
            no length at all                      | Transfer-Encoding=chunked                                    | -1
            a copied range                        | x-amz-copy-source=src/a, x-amz-copy-source-range=bytes=100-5243079 | 5242980
            a copied source, whole                | x-amz-copy-source=src/a                                      | -1
            a range that is none                  | x-amz-copy-source=src/a, x-amz-copy-source-range=bytes=9-1   | -1
            """)
    void aPartsSizeIsWhatItsRequestSays(String what, String headers, long expected) {
        Map<String, String> parsed = new TreeMap<>();
        for (String header : headers.split(", ")) {
            parsed.put(header.substring(0, header.indexOf('=')), header.substring(header.indexOf('=') + 1));
        }

        assertThat(sizeOf("PUT", UPLOAD, parsed)).as(what).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            PUT    | /prod-bucket/big.bin
            PUT    | /prod-bucket/big.bin?uploadId=u-1
            PUT    | /prod-bucket/big.bin?uploadId=u-1&partNumber=three
            POST   | /prod-bucket/big.bin?uploadId=u-1&partNumber=1
            GET    | /prod-bucket/big.bin?partNumber=1
            """)
    void otherRequestsAreNoParts(String method, String uri) {
        assertThat(sizeOf(method, uri, Map.of("Content-Length", "1"))).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            /prod-bucket/a%20b/big.bin?uploadId=u%2B1&partNumber=12 | u+1 | 12
            """)
    void theUploadAndTheNumberAreDecoded(String uri, String uploadId, int number) {
        assertThat(UploadedPart.of("PUT", S3Path.parse(uri), name -> "Content-Length".equalsIgnoreCase(name) ? "3"
                : null)).contains(new UploadedPart(uploadId, number, 3));
    }
}
