package io.github.s3drreplicator.event;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import org.apache.commons.codec.DecoderException;
import org.apache.commons.codec.net.URLCodec;

/**
 * Decodes object keys as S3 writes them into event notifications and inventory reports: form encoding, so
 * {@code +} is a space and {@code %XX} are the bytes of UTF-8. Decoding happens exactly once: a key that literally
 * contains {@code %2B} arrives as {@code %252B} and decodes back to {@code %2B}.
 */
public final class S3KeyDecoder {

    private S3KeyDecoder() {
    }

    /**
     * @throws InvalidEventException when the key is not valid form encoding or not valid UTF-8, which S3 never
     *                               sends, so the event did not come from S3
     */
    public static String decode(String encodedKey) {
        if (encodedKey == null || encodedKey.isEmpty()) {
            throw new InvalidEventException("the record has no object key");
        }
        try {
            // the UTF-8 bytes, not ASCII: a character left unencoded passes through as it is, never as '?'
            byte[] bytes = URLCodec.decodeUrl(encodedKey.getBytes(StandardCharsets.UTF_8));
            // strict UTF-8: a silently replaced character would replicate into the wrong key
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (DecoderException | CharacterCodingException e) {
            throw new InvalidEventException("the object key is not URL-encoded UTF-8: " + e.getMessage());
        }
    }
}
