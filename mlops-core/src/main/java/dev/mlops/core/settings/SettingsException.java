package dev.mlops.core.settings;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A settings file that cannot be used. Carries every problem found in the file, not only the first; the message is
 * those problems, one a line, and nothing else.
 */
public class SettingsException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient List<SettingsProblem> problems;

    /**
     * @param problems what is wrong, in file order; not empty
     */
    public SettingsException(List<SettingsProblem> problems) {
        super(problems.stream().map(SettingsProblem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    /**
     * @return every problem found, in file order
     */
    public List<SettingsProblem> problems() {
        return problems;
    }
}
