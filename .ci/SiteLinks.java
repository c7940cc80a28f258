import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Checks the internal links of a built site: every {@code href} and {@code src} of every HTML page that points into
 * the site must name a file that exists, and a {@code #fragment} must name an {@code id} (or {@code name}) on the
 * page it points to. Links to other hosts are not followed. Prints each broken link as {@code page: link (why)} and
 * exits 1 when there is one.
 *
 * <p>Run with the JDK's source launcher, after {@code mvn site site:stage}:
 * {@code java .ci/SiteLinks.java target/staging}
 */
public class SiteLinks {

    private static final Pattern LINK = Pattern.compile("\\s(?:href|src)\\s*=\\s*[\"']([^\"']*)[\"']",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern ANCHOR = Pattern.compile("\\s(?:id|name)\\s*=\\s*[\"']([^\"']*)[\"']",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern EXTERNAL = Pattern.compile("^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//)");

    public static void main(String[] args) throws IOException {
        if (args.length != 1 || !Files.isDirectory(Path.of(args[0]))) {
            System.err.println("usage: java .ci/SiteLinks.java <site folder>, such as target/staging after"
                    + " mvn site site:stage");
            System.exit(2);
        }
        Path site = Path.of(args[0]).toAbsolutePath().normalize();
        List<Path> pages;
        try (Stream<Path> files = Files.walk(site)) {
            pages = files.filter(file -> file.toString().endsWith(".html")).sorted().toList();
        }
        Map<Path, Set<String>> anchors = new HashMap<>();
        List<String> broken = new ArrayList<>();
        int links = 0;
        for (Path page : pages) {
            Matcher link = LINK.matcher(Files.readString(page));
            while (link.find()) {
                String target = link.group(1).replace("&amp;", "&").trim();
                if (target.isEmpty() || EXTERNAL.matcher(target).find()) {
                    continue;
                }
                links++;
                String problem = problem(site, page, target, anchors);
                if (problem != null) {
                    broken.add(site.relativize(page) + ": " + target + " (" + problem + ")");
                }
            }
        }
        broken.forEach(System.out::println);
        System.out.println(pages.size() + " pages, " + links + " internal links, " + broken.size() + " broken");
        System.exit(broken.isEmpty() ? 0 : 1);
    }

    private static String problem(Path site, Path page, String target, Map<Path, Set<String>> anchors)
            throws IOException {
        int hash = target.indexOf('#');
        String fragment = hash < 0 ? null : URLDecoder.decode(target.substring(hash + 1), StandardCharsets.UTF_8);
        String path = hash < 0 ? target : target.substring(0, hash);
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        Path file = page;
        if (!path.isEmpty()) {
            file = Path.of(URI.create("file://" + page.getParent().toUri().getRawPath()).resolve(path).getPath());
            if (!file.startsWith(site)) {
                return "outside the site";
            }
            if (Files.isDirectory(file)) {
                file = file.resolve("index.html");
            }
            if (!Files.isRegularFile(file)) {
                return "no such file";
            }
        }
        if (fragment == null || fragment.isEmpty() || !file.toString().endsWith(".html")) {
            return null;
        }
        Set<String> ids = anchors.get(file);
        if (ids == null) {
            ids = new HashSet<>();
            Matcher anchor = ANCHOR.matcher(Files.readString(file));
            while (anchor.find()) {
                ids.add(anchor.group(1));
            }
            anchors.put(file, ids);
        }
        return ids.contains(fragment) ? null : "no anchor #" + fragment + " on " + site.relativize(file);
    }
}
