package dev.mlops.core.settings;

/**
 * One mistake (or warning) in a settings file, with where it is and what to do about it.
 *
 * @param file    the file as shown to the user, e.g. {@code mlops_settings.yaml}
 * @param line    1-based line, or 0 when the problem concerns the whole file
 * @param column  1-based column, or 0 when the problem concerns the whole file
 * @param message what is wrong and how to fix it, naming the field
 */
public record SettingsProblem(String file, int line, int column, String message) {

    /**
     * @return {@code file:line:column: message}, or {@code file: message} for a problem of the whole file
     */
    @Override
    public String toString() {
        return line > 0 ? file + ":" + line + ":" + column + ": " + message : file + ": " + message;
    }
}
