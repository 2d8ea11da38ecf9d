package io.github.s3drreplicator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class PartLayoutsTest {

    private static final VersionRef PLAIN = new VersionRef("prod-bucket", "big.bin", null);

    private final PartLayouts layouts = new PartLayouts();

    private static List<PartLayout.Part> parts(long... startsAndSizes) {
        List<PartLayout.Part> parts = new java.util.ArrayList<>();
        for (int i = 0; i < startsAndSizes.length; i += 3) {
            parts.add(new PartLayout.Part((int) startsAndSizes[i], startsAndSizes[i + 1], startsAndSizes[i + 2]));
        }
        return parts;
    }

    @Test
    void aCompletedUploadIsLaidOutAsItsCompletionListsItsParts() {
        layouts.partUploaded(new UploadedPart("u", 2, 5));
        layouts.partUploaded(new UploadedPart("u", 1, 7));
        layouts.partUploaded(new UploadedPart("u", 3, 9));
        // sent again: the last one counts
        layouts.partUploaded(new UploadedPart("u", 1, 6));

        layouts.completed("u", PLAIN, List.of(1, 2, 3), Map.of());

        PartLayout layout = layouts.of(PLAIN).orElseThrow();
        assertThat(layout.parts()).isEqualTo(parts(1, 0, 6, 2, 6, 5, 3, 11, 9));
        assertThat(layout.size()).isEqualTo(20);
        assertThat(layout.count()).isEqualTo(3);
        assertThat(layouts.uploadsUnderWay()).isZero();
    }

    @Test
    void partsLeftOutOfTheCompletionAreNotInTheObject() {
        layouts.partUploaded(new UploadedPart("u", 1, 7));
        layouts.partUploaded(new UploadedPart("u", 2, 5));
        layouts.partUploaded(new UploadedPart("u", 4, 3));

        layouts.completed("u", PLAIN, List.of(1, 4), Map.of());

        assertThat(layouts.of(PLAIN).orElseThrow().parts()).isEqualTo(parts(1, 0, 7, 4, 7, 3));
        assertThat(layouts.of(PLAIN).orElseThrow().part(2)).isEmpty();
    }

    @Test
    void sizesNoRequestSaidAreTakenFromWhatTheStoreWasAsked() {
        layouts.partUploaded(new UploadedPart("u", 1, 7));
        layouts.partUploaded(new UploadedPart("u", 2, UploadedPart.UNKNOWN));

        assertThat(layouts.unknownSizes("u", List.of(1, 2, 3))).containsExactly(2, 3);
        assertThatThrownBy(() -> new PartLayouts().completed("v", PLAIN, List.of(1), Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
        layouts.completed("u", PLAIN, List.of(1, 2), Map.of(2, 4L));

        assertThat(layouts.of(PLAIN).orElseThrow().size()).isEqualTo(11);
    }

    @Test
    void everyVersionHasItsLayoutUntilItIsForgotten() {
        VersionRef older = new VersionRef("dr-bucket", "k", "v1");
        VersionRef newer = new VersionRef("dr-bucket", "k", "v2");
        layouts.partUploaded(new UploadedPart("a", 1, 10));
        layouts.completed("a", older, List.of(1), Map.of());
        layouts.partUploaded(new UploadedPart("b", 1, 20));
        layouts.completed("b", newer, List.of(1), Map.of());
        layouts.partUploaded(new UploadedPart("c", 1, 30));
        layouts.completed("c", PLAIN, List.of(1), Map.of());

        assertThat(layouts.of(older).orElseThrow().size()).isEqualTo(10);
        assertThat(layouts.of(newer).orElseThrow().size()).isEqualTo(20);
        layouts.forget(newer);
        assertThat(layouts.of(newer)).isEmpty();
        assertThat(layouts.of(older)).isPresent();
        layouts.forget(new VersionRef("dr-bucket", "k", null));
        assertThat(layouts.of(older)).as("a marker hides it, it stays").isPresent();
        layouts.forget(PLAIN);
        assertThat(layouts.of(PLAIN)).isEmpty();
    }

    @Test
    void anAbortedUploadIsForgotten() {
        layouts.partUploaded(new UploadedPart("u", 1, 7));

        layouts.aborted("u");

        assertThat(layouts.uploadsUnderWay()).isZero();
        assertThat(layouts.unknownSizes("u", List.of(1))).containsExactly(1);
    }

    @Test
    void theVersionNullIsNoVersion() {
        assertThat(new VersionRef("b", "k", "null")).isEqualTo(new VersionRef("b", "k", null));
    }
}
