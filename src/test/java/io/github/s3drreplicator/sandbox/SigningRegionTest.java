package io.github.s3drreplicator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SigningRegionTest {

    @ParameterizedTest(name = "[{0}] [{1}] was signed for {2}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            AWS4-HMAC-SHA256 Credential=AKID/20261130/us-east-2/s3/aws4_request, SignedHeaders=host, Signature=ab | - | us-east-2
            AWS4-HMAC-SHA256 Credential=sandbox/20261130/eu-west-1/s3/aws4_request,SignedHeaders=host,Signature=ab | - | eu-west-1
            -                                                                                                  | AKID/20261130/us-west-2/s3/aws4_request | us-west-2
            AWS AKID:c2lnbmF0dXJl                                                                              | - | -
            AWS4-ECDSA-P256-SHA256 Credential=AKID/20261130/s3/aws4_request, SignedHeaders=host, Signature=ab | - | -
            AWS4-HMAC-SHA256 SignedHeaders=host, Signature=ab                                                  | - | -
            -                                                                                                  | - | -
            """)
    void theRegionIsTheCredentialScopesThirdField(String authorization, String presigned, String region) {
        assertThat(SigningRegion.of(authorization, presigned)).isEqualTo(Optional.ofNullable(region));
    }
}
