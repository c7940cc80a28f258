package dev.mlops.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The goals as Maven sees them, from the generated {@code plugin.xml}: each goal takes only the parameters it reads,
 * has a skip of its own, and every parameter says since when it exists and where its user property is.
 */
class GoalParametersTest {

    private static final String STORE = "s3Endpoint s3PathStyle s3Region store";
    /** The goals that read and call a platform: which one, and for kubernetes, the cluster. */
    private static final String CLUSTER = "kubeConfig kubeContext kubeNamespace platform";
    /** The goals that need the host's image for pods: one named, or the one mlops builds and pushes. */
    private static final String IMAGE = "image imageBase imageCredentialHelper imageInsecure imageRegistry"
            + " imageServerId";

    /** What each goal reads, besides {@code skip}, its own {@code skip<Goal>} and {@code home}. */
    private static final Map<String, String> EXPECTED = new LinkedHashMap<>();

    static {
        EXPECTED.put("bundle", "bundleDirectory outputTimestamp settingsFile");
        EXPECTED.put("call", "callTimeout data function toFile " + CLUSTER);
        EXPECTED.put("delete-version", "confirm dataset env model settingsFile version " + STORE);
        // deploy takes each model's platform from the settings; for kubernetes, the cluster and what the pods run
        EXPECTED.put("deploy", "artifactVersion dryRun env kubeConfig kubeContext kubeNamespace kubeSecret"
                + " kubeStoreSecret kubeTokenSecret model port promote rolloutTimeout service settingsFile testingOnly "
                + STORE + " " + IMAGE);
        EXPECTED.put("download", "dataset env folder model overwrite settingsFile version " + STORE);
        EXPECTED.put("drift", "dataset env failOnDrift model outputDirectory port settingsFile since until "
                + STORE + " " + CLUSTER);
        EXPECTED.put("functions", "env model tag " + CLUSTER);
        // gc collects the whole store: model, env and the settings file come with the store's base class
        EXPECTED.put("gc", "dryRun env grace model settingsFile " + STORE);
        // image builds and pushes the host's image; the store's parameters come with its base class, unused
        EXPECTED.put("image", "env model settingsFile " + STORE + " " + IMAGE);
        EXPECTED.put("manifests", "env kubeNamespace kubeSecret kubeStoreSecret kubeTokenSecret model"
                + " outputDirectory service settingsFile " + STORE + " " + IMAGE);
        EXPECTED.put("promote", "dataset env force model settingsFile version " + STORE + " " + CLUSTER);
        EXPECTED.put("report", "dataset driftDirectory env model outputDirectory port settingsFile " + STORE + " "
                + CLUSTER);
        EXPECTED.put("rollback", "env model port reason service settingsFile version " + CLUSTER);
        EXPECTED.put("serve", "bind callTimeout deployments hostServerId maxBody port");
        EXPECTED.put("service-test", "callTimeout env model reportsDirectory settingsFile skipITs " + STORE);
        EXPECTED.put("setup", "settingsFile workflowFile");
        EXPECTED.put("start", "bind callTimeout deployments hostServerId maxBody port startTimeout");
        EXPECTED.put("stop", "platformHost");
        // train uploads to dev: env is read only to refuse another
        EXPECTED.put("train", "dataset env model schedule settingsFile " + STORE);
        // undeploy reads the settings for the model's dataset; model and env come with the store's base class
        EXPECTED.put("undeploy", "confirm dataset env function model settingsFile " + STORE + " " + CLUSTER);
        EXPECTED.put("upload", "dataset env folder model settingsFile " + STORE);
        EXPECTED.put("validate", "settingsFile");
        EXPECTED.put("versions", "dataset env format model settingsFile version " + STORE);
    }

    private static Document plugin;

    @BeforeAll
    static void readPluginXml() throws Exception {
        plugin = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(Path.of("target", "classes", "META-INF", "maven", "plugin.xml").toFile());
    }

    private static Map<String, Element> mojos() {
        Map<String, Element> mojos = new TreeMap<>();
        NodeList list = plugin.getElementsByTagName("mojo");
        for (int i = 0; i < list.getLength(); i++) {
            Element mojo = (Element) list.item(i);
            mojos.put(text(mojo, "goal"), mojo);
        }
        mojos.remove("help");
        return mojos;
    }

    private static Map<String, Element> parameters(Element mojo) {
        Map<String, Element> parameters = new TreeMap<>();
        NodeList list = ((Element) mojo.getElementsByTagName("parameters").item(0)).getElementsByTagName("parameter");
        for (int i = 0; i < list.getLength(); i++) {
            Element parameter = (Element) list.item(i);
            if (text(parameter, "editable").equals("true")) {
                parameters.put(text(parameter, "name"), parameter);
            }
        }
        return parameters;
    }

    private static String text(Element element, String child) {
        NodeList found = element.getElementsByTagName(child);
        return found.getLength() == 0 ? "" : found.item(0).getTextContent().strip();
    }

    @Test
    void eachGoalTakesOnlyTheParametersItReads() {
        assertThat(mojos().keySet()).containsExactlyInAnyOrderElementsOf(EXPECTED.keySet());
        mojos().forEach((goal, mojo) -> {
            Set<String> expected = new TreeSet<>(Set.of(EXPECTED.get(goal).split(" ")));
            expected.add("skip");
            expected.add("home");
            expected.add(ownSkip(goal));
            assertThat(parameters(mojo).keySet()).as("the parameters of mlops:" + goal)
                    .containsExactlyInAnyOrderElementsOf(expected);
        });
    }

    @Test
    void eachGoalHasItsOwnSkipBesidesTheGlobalOne() {
        mojos().forEach((goal, mojo) -> {
            Element configuration = (Element) mojo.getElementsByTagName("configuration").item(0);
            assertThat(text(configuration, ownSkip(goal))).as(goal).isEqualTo("${mlops." + goal + ".skip}");
            assertThat(text(configuration, "skip")).as(goal).isEqualTo("${mlops.skip}");
        });
    }

    @Test
    void everyParameterHasSinceADescriptionAndAUserProperty() {
        mojos().forEach((goal, mojo) -> parameters(mojo).forEach((name, parameter) -> {
            assertThat(text(parameter, "since")).as(goal + " " + name + " since").isEqualTo("0.1.0");
            assertThat(text(parameter, "description")).as(goal + " " + name + " description").isNotBlank();
            Element configuration = (Element) mojo.getElementsByTagName("configuration").item(0);
            assertThat(text(configuration, name)).as(goal + " " + name + " user property").matches("\\$\\{[a-zA-Z0-9.-]+}");
        }));
    }

    private static String ownSkip(String goal) {
        StringBuilder name = new StringBuilder("skip");
        for (String part : goal.split("-")) {
            name.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return name.toString();
    }
}
