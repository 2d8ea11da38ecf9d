package io.github.s3drreplicator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

class VersionListingsTest {

    /** As the store lists a key put, deleted twice and put again: markers first, dated with the hidden version. */
    private static final String STORE_LISTING = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListBucketResult>"
            + marker("k", "m2", "2026-11-30T13:37:41.019Z", false)
            + marker("k", "m1", "2026-11-30T13:37:41.019Z", false)
            + "<IsTruncated>false</IsTruncated><MaxKeys>1000</MaxKeys><Name>dr-bucket</Name><Prefix>k</Prefix>"
            + version("k", "v2", "2026-11-30T13:38:02.691Z", true)
            + version("k", "v1", "2026-11-30T13:37:41.019Z", false)
            + "</ListBucketResult>";

    private static String marker(String key, String id, String time, boolean latest) {
        return "<DeleteMarker><IsLatest>" + latest + "</IsLatest><Key>" + key + "</Key><LastModified>" + time
                + "</LastModified><VersionId>" + id + "</VersionId></DeleteMarker>";
    }

    private static String version(String key, String id, String time, boolean latest) {
        return "<Version><ETag>\"e\"</ETag><IsLatest>" + latest + "</IsLatest><Key>" + key + "</Key><LastModified>"
                + time + "</LastModified><Size>4</Size><VersionId>" + id + "</VersionId></Version>";
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The entries of a listing as kind, version id and time, in order. */
    private static String entries(byte[] xml) {
        Matcher entry = Pattern.compile("<(Version|DeleteMarker)>.*?<LastModified>(.*?)</LastModified>.*?"
                + "<VersionId>(.*?)</VersionId>").matcher(new String(xml, StandardCharsets.UTF_8));
        StringBuilder found = new StringBuilder();
        while (entry.find()) {
            found.append(entry.group(1)).append(' ').append(entry.group(3)).append(' ').append(entry.group(2))
                    .append('\n');
        }
        return found.toString();
    }

    @Test
    void deleteMarkersAreDatedWithTheirDeleteAndListedWithTheVersionsNewestFirst() {
        Map<VersionRef, Instant> made = Map.of(
                new VersionRef("dr-bucket", "k", "m1"), Instant.parse("2026-11-30T13:37:45.100Z"),
                new VersionRef("dr-bucket", "k", "m2"), Instant.parse("2026-11-30T13:37:50Z"));

        byte[] listing = VersionListings.rewritten(utf8(STORE_LISTING), "dr-bucket",
                marker -> Optional.ofNullable(made.get(marker)));

        assertThat(entries(listing)).isEqualTo("""
                Version v2 2026-11-30T13:38:02.691Z
                DeleteMarker m2 2026-11-30T13:37:50.000Z
                DeleteMarker m1 2026-11-30T13:37:45.100Z
                Version v1 2026-11-30T13:37:41.019Z
                """);
        assertThat(new String(listing, StandardCharsets.UTF_8))
                .startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListBucketResult><IsTruncated>")
                .contains("</Version><Name>dr-bucket</Name>");
    }

    @Test
    void keysStayInKeyOrderAndAMarkerOfUnknownDateKeepsTheStoresDate() {
        String listing = "<ListVersionsResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                + marker("a/€", "m", "2026-01-01T00:00:03.000Z", true)
                + marker("b", "n", "2026-01-01T00:00:01.000Z", true)
                + version("a/€", "v", "2026-01-01T00:00:02.000Z", false)
                + version("b", "w", "2026-01-01T00:00:01.000Z", false)
                + "<Name>x</Name></ListVersionsResult>";

        byte[] rewritten = VersionListings.rewritten(utf8(listing), "x", marker -> Optional.empty());

        assertThat(entries(rewritten)).isEqualTo("""
                DeleteMarker m 2026-01-01T00:00:03.000Z
                Version v 2026-01-01T00:00:02.000Z
                DeleteMarker n 2026-01-01T00:00:01.000Z
                Version w 2026-01-01T00:00:01.000Z
                """);
        assertThat(new String(rewritten, StandardCharsets.UTF_8))
                .contains("<ListVersionsResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">")
                .contains("<Key>a/€</Key>");
    }

    @Test
    void findsTheDeleteMarkerThatIsTheKeysLatestEntry() {
        assertThat(VersionListings.latestDeleteMarker(utf8(STORE_LISTING), "k")).isEmpty();
        String deleted = STORE_LISTING.replace("<IsLatest>true</IsLatest>", "<IsLatest>false</IsLatest>")
                .replace(marker("k", "m2", "2026-11-30T13:37:41.019Z", false),
                        marker("k", "m2", "2026-11-30T13:37:41.019Z", true));

        assertThat(VersionListings.latestDeleteMarker(utf8(deleted), "k")).contains("m2");
        assertThat(VersionListings.latestDeleteMarker(utf8(deleted), "k/longer")).isEmpty();
    }

    @Test
    void urlEncodedKeysAreReadDecoded() {
        String listing = "<ListBucketResult><EncodingType>url</EncodingType>"
                + marker("a%20b/%E2%82%AC", "m", "2026-01-01T00:00:00.000Z", true) + "</ListBucketResult>";

        assertThat(VersionListings.latestDeleteMarker(utf8(listing), "a b/€")).contains("m");
        assertThat(entries(VersionListings.rewritten(utf8(listing), "x", marker -> Optional.of(
                Instant.parse("2026-01-02T00:00:00Z")).filter(at -> marker.key().equals("a b/€")))))
                .isEqualTo("DeleteMarker m 2026-01-02T00:00:00.000Z\n");
    }
}
