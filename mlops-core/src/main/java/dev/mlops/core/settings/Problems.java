package dev.mlops.core.settings;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;

/** Collects the errors and warnings of one settings file, each once, and hands them out in file order. */
final class Problems {

    private static final Comparator<SettingsProblem> FILE_ORDER =
            Comparator.comparingInt(SettingsProblem::line).thenComparingInt(SettingsProblem::column);

    private final String file;
    private final Set<SettingsProblem> errors = new LinkedHashSet<>();
    private final Set<SettingsProblem> warnings = new LinkedHashSet<>();

    Problems(String file) {
        this.file = file;
    }

    String file() {
        return file;
    }

    SettingsLocation at(Node node) {
        return at(node.getStartMark());
    }

    SettingsLocation at(Mark mark) {
        return new SettingsLocation(file, mark.getLine() + 1, mark.getColumn() + 1);
    }

    void error(Node node, String message) {
        errors.add(at(node).problem(message));
    }

    void error(SettingsLocation location, String message) {
        errors.add(location.problem(message));
    }

    void error(SettingsLocation location, String message, SettingsProblem.Fix fix) {
        errors.add(location.problem(message, fix));
    }

    /** An error of the whole file, with no line to point at. */
    void error(String message) {
        errors.add(new SettingsProblem(file, 0, 0, message));
    }

    void error(String message, SettingsProblem.Fix fix) {
        errors.add(new SettingsProblem(file, 0, 0, message, fix));
    }

    void warning(Node node, String message) {
        warnings.add(at(node).problem(message));
    }

    int errorCount() {
        return errors.size();
    }

    List<SettingsProblem> errors() {
        return sorted(errors);
    }

    List<SettingsProblem> warnings() {
        return sorted(warnings);
    }

    private static List<SettingsProblem> sorted(Set<SettingsProblem> problems) {
        List<SettingsProblem> list = new ArrayList<>(problems);
        list.sort(FILE_ORDER);
        return List.copyOf(list);
    }
}
