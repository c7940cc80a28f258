def log = new File(basedir, 'build.log').text
def version = mlopsVersion
assert log.contains("added mlops-maven-plugin ${version} to pom.xml, its goals validate, service-test, deploy bound to the build")
def pom = new File(basedir, 'pom.xml').text
assert pom.contains('<!-- A bare POM, as a new user has it before mlops: no build section at all. -->')
assert pom.contains('<packaging>pom</packaging>   <!-- nothing to compile here -->')
assert pom.contains("""
    <build>
        <plugins>
            <plugin>
                <groupId>dev.mlops</groupId>
                <artifactId>mlops-maven-plugin</artifactId>
                <version>${version}</version>
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
        </plugins>
    </build>
</project>
""")
// the build now runs the bound validate goal
assert log =~ /mlops-maven-plugin:[^:]+:validate \(default\) @ bare-model/
assert log.contains('settings valid')
// the second setup finds the plugin and has nothing to change
assert log.contains('the POM declares mlops-maven-plugin')
assert log.contains("nothing to change: this project is set up for mlops ${version}")
