package dev.mlops.core.host;

import java.util.regex.Pattern;

/**
 * What an error body may say: no control characters and no more than {@link #MAX_LENGTH} characters, so that no
 * answer echoes a long input back; and in what a model or the host's file system said, no absolute path of the
 * host's machine (a path is cut to its last name, as in {@code coefficients.txt}), so that no answer tells a caller
 * how the host's folders are laid out.
 */
final class ErrorText {

    /** The longest message an answer carries. */
    static final int MAX_LENGTH = 400;

    /** An absolute path of two names or more, at the start or after a space, quote, bracket, '=' or ','. */
    private static final Pattern PATH = Pattern.compile("(?<=^|[\\s'\"(\\[=,])(?:/[^/\\s'\"()\\[\\],]+)+/"
            + "([^/\\s'\"()\\[\\],]*)");
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}&&[^\\t]]");

    private ErrorText() {
    }

    /**
     * @param message a message meant for a caller
     * @return the message as a caller may see it
     */
    static String of(String message) {
        if (message == null) {
            return "";
        }
        return clip(CONTROL.matcher(message).replaceAll("?"), MAX_LENGTH);
    }

    /**
     * @param message what a model, a library or the file system said
     * @return the message with every absolute path cut to its last name
     */
    static String withoutPaths(String message) {
        if (message == null || message.indexOf('/') < 0) {
            return message;
        }
        return PATH.matcher(message).replaceAll("$1");
    }

    /**
     * @return what a throwable says, as {@link Throwable#toString()} does, without paths and at most 300 characters
     */
    static String describe(Throwable e) {
        return clip(withoutPaths(e.toString()), 300);
    }

    /**
     * @return the text, cut to {@code max} characters with an ellipsis when longer
     */
    static String clip(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
