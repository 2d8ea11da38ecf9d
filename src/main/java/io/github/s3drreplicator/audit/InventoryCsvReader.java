package io.github.s3drreplicator.audit;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import io.github.s3drreplicator.event.InvalidEventException;
import io.github.s3drreplicator.event.S3KeyDecoder;

/**
 * The rows of one CSV data file of an S3 Inventory report (already decompressed), as the objects they list: current
 * versions only, delete markers left out, keys decoded and filtered by prefix. The rows come in file order.
 * Closing it leaves the reader it was given open.
 *
 * <p>S3 Inventory writes CSV without a header; the columns are those of the manifest's {@code fileSchema}. Only
 * {@code Key} is required: {@code Size} is -1, {@code ETag} and {@code LastModifiedDate} {@code null} when the
 * report does not have them; a report without {@code IsLatest} lists current versions only.
 */
final class InventoryCsvReader implements Iterator<ListedObject>, Closeable {

    // the caller closes the stream: it still has to read what follows the CSV for the MD5
    private static final CsvMapper CSV = CsvMapper.builder().disable(JsonParser.Feature.AUTO_CLOSE_SOURCE).build();

    private final MappingIterator<String[]> rows;
    private final String prefix;
    private final int columns;
    private final int key;
    private final int size;
    private final int eTag;
    private final int lastModified;
    private final int isLatest;
    private final int isDeleteMarker;
    private long row;
    private ListedObject next;

    InventoryCsvReader(Reader csv, List<String> schema, String prefix) throws IOException {
        this.prefix = prefix == null ? "" : prefix;
        this.columns = schema.size();
        this.key = schema.indexOf("Key");
        if (key < 0) {
            throw new IOException("the inventory's fileSchema has no Key column: " + schema);
        }
        this.size = schema.indexOf("Size");
        this.eTag = schema.indexOf("ETag");
        this.lastModified = schema.indexOf("LastModifiedDate");
        this.isLatest = schema.indexOf("IsLatest");
        this.isDeleteMarker = schema.indexOf("IsDeleteMarker");
        this.rows = CSV.readerFor(String[].class)
                .with(CsvParser.Feature.WRAP_AS_ARRAY)
                .with(CsvParser.Feature.SKIP_EMPTY_LINES)
                .readValues(csv);
    }

    @Override
    public boolean hasNext() {
        try {
            while (next == null && rows.hasNextValue()) {
                next = parse(rows.nextValue());
            }
            return next != null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read inventory row " + (row + 1), e);
        }
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

    /** The object the row lists, or {@code null} when it is not wanted here. */
    private ListedObject parse(String[] fields) {
        row++;
        if (fields.length < columns) {
            throw new IllegalStateException("inventory row " + row + " has " + fields.length
                    + " fields where the fileSchema names " + columns);
        }
        // an all-versions report lists every version; the bucket's listing shows the current one, if not deleted
        if (isLatest >= 0 && !Boolean.parseBoolean(fields[isLatest])) {
            return null;
        }
        if (isDeleteMarker >= 0 && Boolean.parseBoolean(fields[isDeleteMarker])) {
            return null;
        }
        String decoded = decodeKey(fields[key]);
        if (!decoded.startsWith(prefix)) {
            return null;
        }
        try {
            return new ListedObject(decoded,
                    size < 0 || fields[size].isEmpty() ? -1 : Long.parseLong(fields[size]),
                    eTag < 0 || fields[eTag].isEmpty() ? null : fields[eTag].replace("\"", ""),
                    lastModified < 0 || fields[lastModified].isEmpty() ? null : Instant.parse(fields[lastModified]));
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalStateException("inventory row " + row + " (" + decoded + "): " + e.getMessage(), e);
        }
    }

    /**
     * Decodes a key as S3 Inventory writes it into CSV: URL-encoded UTF-8 with a space as {@code +}, so {@code %2B}
     * is a plus sign. Decoded exactly once: a key that literally holds {@code %2B} is listed as {@code %252B}.
     */
    static String decodeKey(String encoded) {
        try {
            return S3KeyDecoder.decode(encoded);
        } catch (InvalidEventException e) {
            throw new IllegalStateException("an inventory key is not URL-encoded UTF-8: " + encoded, e);
        }
    }

    @Override
    public void close() throws IOException {
        rows.close();
    }
}
