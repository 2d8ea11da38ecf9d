package io.github.s3drreplicator.monitoring;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough PromQL to find the series selectors of an expression ({@code metric{label="x"}}, or {@code {...}}
 * alone), so that a test can ask Prometheus whether each of them finds series. Not a parser: it skips functions,
 * aggregations, keywords, label lists after by/without/on/ignoring/group_left/group_right, ranges, numbers and strings.
 */
public final class PromQl {

    private static final Set<String> NOT_METRICS = Set.of("sum", "min", "max", "avg", "group", "stddev", "stdvar",
            "count", "count_values", "bottomk", "topk", "quantile", "and", "or", "unless", "bool", "offset", "by",
            "without", "on", "ignoring", "group_left", "group_right", "Inf", "NaN", "inf", "nan", "atan2");
    private static final Set<String> LABEL_LISTS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right");
    private static final Pattern METRIC_NAME = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)");

    private PromQl() {
    }

    /** The selectors of an expression, each once, in order of appearance. */
    public static Set<String> selectors(String expression) {
        Set<String> selectors = new LinkedHashSet<>();
        String text = expression;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isLetter(c) || c == '_' || c == ':') {
                int start = i;
                while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_'
                        || text.charAt(i) == ':')) {
                    i++;
                }
                String word = text.substring(start, i);
                int next = skipSpaces(text, i);
                if (LABEL_LISTS.contains(word) && next < text.length() && text.charAt(next) == '(') {
                    i = text.indexOf(')', next) + 1;
                } else if (NOT_METRICS.contains(word) || (next < text.length() && text.charAt(next) == '(')) {
                    // a keyword, an aggregation or a function: what follows is read on its own
                    continue;
                } else if (next < text.length() && text.charAt(next) == '{') {
                    int end = endOfBraces(text, next);
                    selectors.add(word + text.substring(next, end));
                    i = end;
                } else {
                    selectors.add(word);
                }
            } else if (c == '{') {
                int end = endOfBraces(text, i);
                selectors.add(text.substring(i, end));
                i = end;
            } else if (c == '[') {
                i = text.indexOf(']', i) + 1;
            } else if (c == '"' || c == '\'' || c == '`') {
                i = endOfString(text, i);
            } else if (Character.isDigit(c) || c == '.') {
                while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '.')) {
                    i++;
                }
            } else {
                i++;
            }
        }
        return selectors;
    }

    /** The metric name a selector names, or null when it names none ({@code {__name__=~"..."}}). */
    public static String metricName(String selector) {
        Matcher matcher = METRIC_NAME.matcher(selector);
        return matcher.find() ? matcher.group(1) : null;
    }

    private static int skipSpaces(String text, int i) {
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int endOfBraces(String text, int open) {
        int i = open + 1;
        while (i < text.length() && text.charAt(i) != '}') {
            char c = text.charAt(i);
            i = (c == '"' || c == '\'' || c == '`') ? endOfString(text, i) : i + 1;
        }
        return i + 1;
    }

    private static int endOfString(String text, int open) {
        char quote = text.charAt(open);
        int i = open + 1;
        while (i < text.length() && text.charAt(i) != quote) {
            i += text.charAt(i) == '\\' ? 2 : 1;
        }
        return i + 1;
    }
}
