package io.github.s3drreplicator.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Where to split what is left of a listing so that it can be read in parallel, guessed from a page already read: the
 * keys S3 has not listed yet are assumed to be built like those it has. The page's keys share a prefix and differ
 * from some position on, in an alphabet (digits for numbered keys, hexadecimal digits for hashes); the boundaries are
 * the next values, in that alphabet, one position before the one where the page's keys differ: after
 * {@code object-000000} to {@code object-000999}, the rest splits at {@code object-001}, {@code object-002}, ...,
 * {@code object-009}, each range about a page. A range that turns out empty costs one request; one that turns out
 * large is split again from its own first page. Guesses change only how evenly the work is shared, never what is
 * listed: the boundaries are strictly increasing, after the page's last key and before the range's end.
 */
final class KeyRanges {

    /** At most this many boundaries from one page: more ranges than threads only wait. */
    static final int MAX_SPLITS = 16;
    /** Positions, from the first that differs, whose characters make the alphabet. */
    private static final int ALPHABET_POSITIONS = 3;

    private KeyRanges() {
    }

    /**
     * @param prefix the listing's prefix: every boundary starts with it
     * @param page   a full page of keys in listing order, the range's first
     * @param end    the range's last possible key (inclusive), or {@code null} for the end of the listing
     * @return boundaries {@code b1 < b2 < ...}, each after the page's last key and before {@code end}: the ranges
     *         (last key, b1], (b1, b2], ..., (bk, end]; empty where the page suggests none
     */
    static List<String> splits(String prefix, List<String> page, String end) {
        if (page.size() < 2) {
            return List.of();
        }
        String first = page.get(0);
        String last = page.get(page.size() - 1);
        int differ = commonPrefix(first, last);
        TreeSet<Character> alphabet = alphabet(page, differ);
        if (alphabet.isEmpty()) {
            return List.of();
        }
        // one position before the one where the page's keys differ: ranges about a page each; else at it
        for (int at = differ - 1; at >= prefix.length(); at--) {
            List<String> found = after(last, at, alphabet, end);
            if (!found.isEmpty()) {
                return thinned(found);
            }
        }
        return differ < last.length() ? thinned(after(last, differ, alphabet, end)) : List.of();
    }

    /** {@code last} up to {@code at}, then each character of the alphabet above {@code last}'s there. */
    private static List<String> after(String last, int at, TreeSet<Character> alphabet, String end) {
        char here = last.charAt(at);
        if (Character.isSurrogate(here) || (at > 0 && Character.isHighSurrogate(last.charAt(at - 1)))) {
            return List.of();
        }
        List<String> found = new ArrayList<>();
        for (char next : alphabet.tailSet(here, false)) {
            String boundary = last.substring(0, at) + next;
            if (end != null && DriftFinder.compareKeys(boundary, end) >= 0) {
                break;
            }
            found.add(boundary);
        }
        return found;
    }

    /** The characters at the first positions where the page's keys differ (surrogates left out). */
    private static TreeSet<Character> alphabet(List<String> page, int from) {
        TreeSet<Character> alphabet = new TreeSet<>();
        for (String key : page) {
            for (int i = from; i < Math.min(key.length(), from + ALPHABET_POSITIONS); i++) {
                if (!Character.isSurrogate(key.charAt(i))) {
                    alphabet.add(key.charAt(i));
                }
            }
        }
        return alphabet;
    }

    private static List<String> thinned(List<String> boundaries) {
        if (boundaries.size() <= MAX_SPLITS) {
            return boundaries;
        }
        List<String> some = new ArrayList<>(MAX_SPLITS);
        for (int i = 1; i <= MAX_SPLITS; i++) {
            some.add(boundaries.get(i * boundaries.size() / (MAX_SPLITS + 1)));
        }
        return some;
    }

    private static int commonPrefix(String a, String b) {
        int n = Math.min(a.length(), b.length());
        int i = 0;
        while (i < n && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        return i;
    }
}
