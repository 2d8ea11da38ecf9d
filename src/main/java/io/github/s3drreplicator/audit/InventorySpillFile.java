package io.github.s3drreplicator.audit;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;

/**
 * A sorted run spilled to disk: one record per entry, deflated at the fastest level, since a spill is as large as
 * the part of the inventory it holds and is read back once.
 *
 * <p>Each record is preceded by a {@code true}, and the file ends with a {@code false}: a file cut short is an
 * error rather than a run that silently ends early.
 */
final class InventorySpillFile {

    private static final int BUFFER = 64 * 1024;
    private static final int HAS_ETAG = 1;
    private static final int HAS_LAST_MODIFIED = 2;

    private InventorySpillFile() {
    }

    /** Writes the entries, which must be in key order, to a new file in the directory. */
    static Path write(Path directory, Iterator<ListedObject> sorted) throws IOException {
        Path file = Files.createTempFile(directory, "run-", ".bin");
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
                new DeflaterOutputStream(Files.newOutputStream(file), deflater, BUFFER), BUFFER))) {
            while (sorted.hasNext()) {
                ListedObject entry = sorted.next();
                out.writeBoolean(true);
                // writeUTF round-trips any Java string; keys are at most 1024 bytes, far below its 64 KiB limit
                out.writeUTF(entry.key());
                out.writeLong(entry.size());
                out.writeByte((entry.eTag() == null ? 0 : HAS_ETAG)
                        | (entry.lastModified() == null ? 0 : HAS_LAST_MODIFIED));
                if (entry.eTag() != null) {
                    out.writeUTF(entry.eTag());
                }
                if (entry.lastModified() != null) {
                    out.writeLong(entry.lastModified().getEpochSecond());
                    out.writeInt(entry.lastModified().getNano());
                }
            }
            out.writeBoolean(false);
        } finally {
            // a Deflater passed in is not ended by the stream, and holds native memory until it is
            deflater.end();
        }
        return file;
    }

    /** Reads a file {@link #write} wrote. */
    static InventoryRun read(Path file) throws IOException {
        // the stream's own Inflater, which closing the stream ends
        DataInputStream in = new DataInputStream(new BufferedInputStream(
                new InflaterInputStream(new BufferedInputStream(Files.newInputStream(file), BUFFER)), BUFFER));
        return new Reader(file, in);
    }

    private static final class Reader implements InventoryRun {

        private final Path file;
        private final DataInputStream in;
        private ListedObject next;
        private boolean ended;

        Reader(Path file, DataInputStream in) {
            this.file = file;
            this.in = in;
        }

        @Override
        public boolean hasNext() {
            if (next == null && !ended) {
                try {
                    if (in.readBoolean()) {
                        String key = in.readUTF();
                        long size = in.readLong();
                        int flags = in.readByte();
                        String eTag = (flags & HAS_ETAG) == 0 ? null : in.readUTF();
                        Instant lastModified = (flags & HAS_LAST_MODIFIED) == 0 ? null
                                : Instant.ofEpochSecond(in.readLong(), in.readInt());
                        next = new ListedObject(key, size, eTag, lastModified);
                    } else {
                        ended = true;
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read the spilled run " + file, e);
                }
            }
            return next != null;
        }

        @Override
        public ListedObject next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            ListedObject answer = next;
            next = null;
            return answer;
        }

        @Override
        public void close() {
            try {
                in.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
