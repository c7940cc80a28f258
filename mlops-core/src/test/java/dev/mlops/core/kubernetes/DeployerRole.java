package dev.mlops.core.kubernetes;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Role shipped for the identity that deploys ({@code src/site/resources/kubernetes/mlops-deployer.yaml}), read
 * as the API server's RBAC authorizer reads it, and the check that it grants every request the platform made: each
 * request becomes the (API group, resource, subresource, name, verb) the authorizer decides on, as the Kubernetes
 * documentation maps HTTP methods to verbs (GET of one object: get; of a collection: list, or watch with
 * {@code watch=true}; POST: create; PUT: update; PATCH: patch; DELETE: delete or deletecollection).
 */
public final class DeployerRole {

    public static final Path FILE = Path.of("..", "src", "site", "resources", "kubernetes", "mlops-deployer.yaml");

    private static final Pattern CORE = Pattern.compile("/api/v1/namespaces/[^/]+/([^/?]+)(?:/([^/?]+))?(?:/([^/?]+))?.*");
    private static final Pattern GROUP = Pattern.compile(
            "/apis/([^/]+)/[^/]+/namespaces/[^/]+/([^/?]+)(?:/([^/?]+))?(?:/([^/?]+))?.*");

    /** What the authorizer decides on for one request. */
    record Attributes(String group, String resource, String name, String verb) {
    }

    private record Rule(List<String> groups, List<String> resources, List<String> names, List<String> verbs) {
        boolean grants(Attributes request) {
            return (groups.contains(request.group()) || groups.contains("*"))
                    && (resources.contains(request.resource()) || resources.contains("*"))
                    && (names.isEmpty() || names.contains(request.name()))
                    && (verbs.contains(request.verb()) || verbs.contains("*"));
        }
    }

    private DeployerRole() {
    }

    /** Fails, naming each request, unless the shipped Role grants every one of them. */
    public static void assertGrants(List<String> requests) throws IOException {
        List<Rule> rules = rules();
        List<String> refused = new ArrayList<>();
        for (String request : requests) {
            Attributes attributes = attributes(request);
            if (rules.stream().noneMatch(rule -> rule.grants(attributes))) {
                refused.add(request + " -> " + attributes);
            }
        }
        assertThat(refused).as("requests of the platform that the Role in " + FILE + " does not grant").isEmpty();
    }

    static Attributes attributes(String request) {
        String method = request.substring(0, request.indexOf(' '));
        String path = request.substring(request.indexOf(' ') + 1);
        String group;
        String resource;
        String name;
        String subresource;
        Matcher core = CORE.matcher(path);
        Matcher grouped = GROUP.matcher(path);
        if (core.matches()) {
            group = "";
            resource = core.group(1);
            name = core.group(2);
            subresource = core.group(3);
        } else if (grouped.matches()) {
            group = grouped.group(1);
            resource = grouped.group(2);
            name = grouped.group(3);
            subresource = grouped.group(4);
        } else {
            throw new IllegalArgumentException("not a namespaced API request: " + request);
        }
        if (name != null && name.contains(":")) {
            // services/<name>:<port>/proxy
            name = name.substring(0, name.indexOf(':'));
        }
        String verb = switch (method) {
            case "GET" -> name == null ? (path.contains("watch=true") ? "watch" : "list") : "get";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> name == null ? "deletecollection" : "delete";
            default -> method.toLowerCase(java.util.Locale.ROOT);
        };
        return new Attributes(group, subresource == null ? resource : resource + "/" + subresource,
                name == null ? "" : name, verb);
    }

    @SuppressWarnings("unchecked")
    private static List<Rule> rules() throws IOException {
        List<Rule> rules = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(FILE)) {
            for (Object document : new Yaml(new LoaderOptions()).loadAll(reader)) {
                Map<String, Object> object = (Map<String, Object>) document;
                if (!"Role".equals(object.get("kind"))) {
                    continue;
                }
                for (Map<String, Object> rule : (List<Map<String, Object>>) object.get("rules")) {
                    rules.add(new Rule((List<String>) rule.get("apiGroups"), (List<String>) rule.get("resources"),
                            (List<String>) rule.getOrDefault("resourceNames", List.of()),
                            (List<String>) rule.get("verbs")));
                }
            }
        }
        assertThat(rules).as("the rules of the Role in " + FILE).isNotEmpty();
        return rules;
    }
}
