package dev.mlops.core.settings;

/**
 * A place in a settings file.
 *
 * @param file   the file as shown to the user
 * @param line   1-based line
 * @param column 1-based column
 */
public record SettingsLocation(String file, int line, int column) {

    /**
     * @param message what is wrong there and how to fix it
     * @return a problem at this place
     */
    public SettingsProblem problem(String message) {
        return new SettingsProblem(file, line, column, message);
    }

    /**
     * @param fix what else fixes it
     * @return a problem at this place
     */
    public SettingsProblem problem(String message, SettingsProblem.Fix fix) {
        return new SettingsProblem(file, line, column, message, fix);
    }
}
