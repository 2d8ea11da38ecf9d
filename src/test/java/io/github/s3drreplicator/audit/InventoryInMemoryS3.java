package io.github.s3drreplicator.audit;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * Just enough of S3 for the inventory tests: PutObject and GetObject on objects in memory. An object stored in
 * several chunks is served as a network stream serves it: a read never crosses a chunk, and {@code available()} is
 * 0 at the end of each.
 */
final class InventoryInMemoryS3 implements S3Client {

    private final Map<String, List<byte[]>> objects = new ConcurrentHashMap<>();

    void put(String bucket, String key, byte[]... chunks) {
        objects.put(bucket + "/" + key, List.of(chunks));
    }

    void delete(String bucket, String key) {
        objects.remove(bucket + "/" + key);
    }

    byte[] get(String bucket, String key) {
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        objects.get(bucket + "/" + key).forEach(whole::writeBytes);
        return whole.toByteArray();
    }

    @Override
    public PutObjectResponse putObject(PutObjectRequest request, RequestBody body) {
        try (InputStream in = body.contentStreamProvider().newStream()) {
            put(request.bucket(), request.key(), in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return PutObjectResponse.builder().build();
    }

    @Override
    public <T> T getObject(GetObjectRequest request, ResponseTransformer<GetObjectResponse, T> transformer) {
        List<byte[]> chunks = objects.get(request.bucket() + "/" + request.key());
        if (chunks == null) {
            throw NoSuchKeyException.builder().message("no " + request.key()).build();
        }
        InputStream stream = new SequenceInputStream(Collections.enumeration(
                chunks.stream().map(chunk -> (InputStream) new ByteArrayInputStream(chunk)).toList()));
        GetObjectResponse response = GetObjectResponse.builder()
                .contentLength((long) chunks.stream().mapToInt(chunk -> chunk.length).sum()).build();
        try {
            return transformer.transform(response, AbortableInputStream.create(stream));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String serviceName() {
        return "s3";
    }

    @Override
    public void close() {
    }
}
