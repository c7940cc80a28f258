package dev.mlops.core.setup;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The mlops plugin's declaration in a POM, added as text so that the POM keeps its formatting and comments: before
 * the {@code </plugins>} of {@code <build>} (not of {@code <pluginManagement>}), else as a {@code <plugins>} before
 * {@code </build>}, else as a {@code <build>} before {@code </project>}, indented like the POM.
 */
public final class PomPlugin {

    /** The goals bound to the lifecycle: validate, the service test in integration-test, deploy in deploy. */
    public static final List<String> GOALS = List.of("validate", "service-test", "deploy");

    private static final Pattern TAG = Pattern.compile("<(/?)([A-Za-z_][\\w.:-]*)[^<>]*?(/?)>");
    private static final Pattern COMMENT = Pattern.compile("<!--.*?-->|<!\\[CDATA\\[.*?]]>|<\\?.*?\\?>",
            Pattern.DOTALL);

    private PomPlugin() {
    }

    /**
     * @param indent one level of indentation, such as two spaces
     * @param depth  the level the {@code <plugin>} element sits at
     * @return the plugin's declaration, one line per element, each ending with a line break
     */
    public static String declaration(String version, String indent, int depth) {
        StringBuilder xml = new StringBuilder();
        line(xml, indent, depth, "<plugin>");
        line(xml, indent, depth + 1, "<groupId>dev.mlops</groupId>");
        line(xml, indent, depth + 1, "<artifactId>mlops-maven-plugin</artifactId>");
        line(xml, indent, depth + 1, "<version>" + version + "</version>");
        line(xml, indent, depth + 1, "<executions>");
        line(xml, indent, depth + 2, "<execution>");
        line(xml, indent, depth + 3, "<goals>");
        for (String goal : GOALS) {
            line(xml, indent, depth + 4, "<goal>" + goal + "</goal>");
        }
        line(xml, indent, depth + 3, "</goals>");
        line(xml, indent, depth + 2, "</execution>");
        line(xml, indent, depth + 1, "</executions>");
        line(xml, indent, depth, "</plugin>");
        return xml.toString();
    }

    private static void line(StringBuilder xml, String indent, int depth, String text) {
        xml.append(indent.repeat(depth)).append(text).append('\n');
    }

    /**
     * @param pom the POM's text
     * @return the POM with the plugin declared, or empty when the text has no {@code </project>} to place it by
     */
    public static Optional<String> add(String pom, String version) {
        // Comments, CDATA and processing instructions are blanked (same length) so their text is never taken for tags.
        Matcher hidden = COMMENT.matcher(pom);
        StringBuilder masked = new StringBuilder(pom);
        while (hidden.find()) {
            for (int i = hidden.start(); i < hidden.end(); i++) {
                if (masked.charAt(i) != '\n') {
                    masked.setCharAt(i, ' ');
                }
            }
        }
        List<String> path = new ArrayList<>();
        int buildPluginsEnd = -1;
        int buildEnd = -1;
        int projectEnd = -1;
        Matcher tag = TAG.matcher(masked);
        while (tag.find()) {
            boolean closing = !tag.group(1).isEmpty();
            boolean empty = !tag.group(3).isEmpty();
            String name = tag.group(2);
            if (closing) {
                String where = String.join("/", path);
                if (where.equals("project/build/plugins") && name.equals("plugins")) {
                    buildPluginsEnd = tag.start();
                } else if (where.equals("project/build") && name.equals("build")) {
                    buildEnd = tag.start();
                } else if (where.equals("project") && name.equals("project")) {
                    projectEnd = tag.start();
                }
                if (!path.isEmpty() && path.get(path.size() - 1).equals(name)) {
                    path.remove(path.size() - 1);
                }
            } else if (!empty) {
                path.add(name);
            }
        }
        String indent = indentUnit(pom);
        if (buildPluginsEnd >= 0) {
            return Optional.of(insert(pom, buildPluginsEnd, declaration(version, indent, 3), indent, 2));
        }
        if (buildEnd >= 0) {
            return Optional.of(insert(pom, buildEnd, indent.repeat(2) + "<plugins>\n" + declaration(version, indent, 3)
                    + indent.repeat(2) + "</plugins>\n", indent, 1));
        }
        if (projectEnd >= 0) {
            return Optional.of(insert(pom, projectEnd, "\n" + indent + "<build>\n" + indent.repeat(2) + "<plugins>\n"
                    + declaration(version, indent, 3) + indent.repeat(2) + "</plugins>\n" + indent + "</build>\n",
                    indent, 0));
        }
        return Optional.empty();
    }

    /**
     * Puts {@code block} (whole lines) before the closing tag at {@code at}, which then keeps its own line at
     * {@code depth}.
     */
    private static String insert(String pom, int at, String block, String indent, int depth) {
        int lineStart = pom.lastIndexOf('\n', at - 1) + 1;
        boolean ownLine = pom.substring(lineStart, at).isBlank();
        if (ownLine) {
            return pom.substring(0, lineStart) + block + pom.substring(lineStart);
        }
        return pom.substring(0, at) + "\n" + block + indent.repeat(depth) + pom.substring(at);
    }

    /** The POM's own indentation: the leading white space of its first indented element line, else two spaces. */
    private static String indentUnit(String pom) {
        Matcher indented = Pattern.compile("(?m)^([ \\t]+)<").matcher(pom);
        return indented.find() ? indented.group(1) : "  ";
    }
}
