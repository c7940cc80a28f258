package dev.mlops.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The package picture of the site ({@code src/site/markdown/packages.md}) holds: every class of a package uses only
 * the packages its row lists, and the rows are in an order without cycles.
 */
class PackageRulesTest {

    private static final Path PAGE = Path.of("..", "src", "site", "markdown", "packages.md");
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z]+)` \\|[^|]*\\|([^|]*)\\|$");

    private static Map<String, Set<String>> rules() throws Exception {
        Map<String, Set<String>> rules = new LinkedHashMap<>();
        for (String line : Files.readAllLines(PAGE)) {
            Matcher row = ROW.matcher(line.strip());
            if (row.matches()) {
                Set<String> uses = new TreeSet<>();
                Arrays.stream(row.group(2).split(",")).map(s -> s.strip().replace("`", "")).filter(s -> !s.isEmpty())
                        .forEach(uses::add);
                rules.put(row.group(1), uses);
            }
        }
        return rules;
    }

    @Test
    void everyPackageIsOnThePageAboveThePackagesUsingIt() throws Exception {
        Map<String, Set<String>> rules = rules();
        try (var folders = Files.list(Path.of("src", "main", "java", "dev", "mlops", "core"))) {
            List<String> packages = folders.filter(Files::isDirectory).map(p -> p.getFileName().toString()).toList();
            assertThat(rules.keySet()).as("the page's rows").containsExactlyInAnyOrderElementsOf(packages);
        }
        List<String> order = List.copyOf(rules.keySet());
        rules.forEach((pkg, uses) -> assertThat(uses).as(pkg + " uses only packages above it on the page")
                .allMatch(used -> order.indexOf(used) >= 0 && order.indexOf(used) < order.indexOf(pkg)));
    }

    @Test
    void classesUseOnlyThePackagesTheirRowLists() throws Exception {
        JavaClasses classes = new ClassFileImporter().importPath(Path.of("target", "classes"));
        Map<String, Set<String>> rules = rules();
        for (Map.Entry<String, Set<String>> rule : rules.entrySet()) {
            String[] forbidden = rules.keySet().stream().filter(p -> !p.equals(rule.getKey())
                    && !rule.getValue().contains(p)).map(p -> "dev.mlops.core." + p + "..").toArray(String[]::new);
            noClasses().that().resideInAPackage("dev.mlops.core." + rule.getKey() + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(forbidden)
                    .because("packages.md lists what " + rule.getKey() + " may use").check(classes);
        }
    }
}
