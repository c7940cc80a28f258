package dev.mlops.core.setup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PomPluginTest {

    private static final String PLUGIN = """
                  <plugin>
                    <groupId>dev.mlops</groupId>
                    <artifactId>mlops-maven-plugin</artifactId>
                    <version>1.2.3</version>
                    <executions>
                      <execution>
                        <goals>
                          <goal>validate</goal>
                          <goal>service-test</goal>
                          <goal>deploy</goal>
                        </goals>
                      </execution>
                    </executions>
                  </plugin>
            """;

    @Test
    void aBarePomGetsABuildBeforeItsEndAndKeepsEverythingElse() {
        String pom = """
                <?xml version="1.0"?>
                <!-- our model: <build> is added below -->
                <project>
                  <modelVersion>4.0.0</modelVersion>
                  <artifactId>bare</artifactId>   <!-- keep me -->
                </project>
                """;

        assertThat(PomPlugin.add(pom, "1.2.3")).contains("""
                <?xml version="1.0"?>
                <!-- our model: <build> is added below -->
                <project>
                  <modelVersion>4.0.0</modelVersion>
                  <artifactId>bare</artifactId>   <!-- keep me -->

                  <build>
                    <plugins>
                """ + PLUGIN + """
                    </plugins>
                  </build>
                </project>
                """);
    }

    @Test
    void pluginsOfTheBuildGetItAndPluginManagementIsLeftAlone() {
        String pom = """
                <project>
                  <build>
                    <pluginManagement>
                      <plugins>
                        <plugin><artifactId>managed</artifactId></plugin>
                      </plugins>
                    </pluginManagement>
                    <plugins>
                      <plugin><artifactId>other</artifactId></plugin>
                    </plugins>
                  </build>
                </project>
                """;

        assertThat(PomPlugin.add(pom, "1.2.3")).contains("""
                <project>
                  <build>
                    <pluginManagement>
                      <plugins>
                        <plugin><artifactId>managed</artifactId></plugin>
                      </plugins>
                    </pluginManagement>
                    <plugins>
                      <plugin><artifactId>other</artifactId></plugin>
                """ + PLUGIN + """
                    </plugins>
                  </build>
                </project>
                """);
    }

    @Test
    void aBuildWithoutPluginsGetsThemAndTabsStayTabs() {
        String pom = "<project>\n\t<build>\n\t\t<finalName>x</finalName>\n\t</build>\n</project>\n";

        String added = PomPlugin.add(pom, "1.2.3").orElseThrow();

        assertThat(added).startsWith("<project>\n\t<build>\n\t\t<finalName>x</finalName>\n\t\t<plugins>\n\t\t\t<plugin>\n")
                .endsWith("\t\t\t</plugin>\n\t\t</plugins>\n\t</build>\n</project>\n");
    }

    @Test
    void textWithoutAProjectEndCannotBeEdited() {
        assertThat(PomPlugin.add("<project><build>", "1.2.3")).isEmpty();
        assertThat(PomPlugin.add("<!-- </project> -->", "1.2.3")).isEmpty();
    }
}
