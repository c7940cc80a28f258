package dev.mlops.core.settings;

/**
 * One mistake (or warning) in a settings file, with where it is and what to do about it.
 *
 * @param file    the file as shown to the user, e.g. {@code mlops_settings.yaml}
 * @param line    1-based line, or 0 when the problem concerns the whole file
 * @param column  1-based column, or 0 when the problem concerns the whole file
 * @param message what is wrong and how to fix it, naming the field, in neutral words
 * @param fix     what else fixes it, for a front end to name its own goal or flag
 */
public record SettingsProblem(String file, int line, int column, String message, Fix fix) {

    /** What fixes a problem beyond editing the file, for a front end to put in its own words. */
    public enum Fix {
        /** Editing the file as the message says. */
        NONE,
        /** Naming another file as the settings file. */
        NAME_THE_FILE,
        /** Creating the file, or naming the one there is. */
        CREATE_THE_FILE,
        /** Letting mlops write a template. */
        WRITE_A_TEMPLATE
    }

    /**
     * A problem fixed by editing the file.
     */
    public SettingsProblem(String file, int line, int column, String message) {
        this(file, line, column, message, Fix.NONE);
    }

    /**
     * @return {@code file:line:column: message}, or {@code file: message} for a problem of the whole file
     */
    @Override
    public String toString() {
        return line > 0 ? file + ":" + line + ":" + column + ": " + message : file + ": " + message;
    }
}
