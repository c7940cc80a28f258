package dev.mlops.core.servicetest;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/** A service test's results as a JUnit XML report, the format CI systems show test results from. */
public final class ServiceTestReport {

    private ServiceTestReport() {
    }

    /**
     * @param file       the report to write, such as {@code target/mlops-service-test/TEST-<externalId>.xml}
     * @param externalId the function tested
     * @param results    its results
     */
    public static void write(Path file, String externalId, List<ServiceTestResult> results) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        long failures = results.stream().filter(r -> r.failure().isPresent()).count();
        double seconds = results.stream().mapToDouble(ServiceTestResult::millis).sum() / 1000;
        try (OutputStream out = Files.newOutputStream(file)) {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeStartElement("testsuite");
            xml.writeAttribute("name", "service-test." + externalId);
            xml.writeAttribute("tests", Integer.toString(results.size()));
            xml.writeAttribute("failures", Long.toString(failures));
            xml.writeAttribute("errors", "0");
            xml.writeAttribute("skipped", "0");
            xml.writeAttribute("time", String.format(Locale.ROOT, "%.3f", seconds));
            for (ServiceTestResult result : results) {
                xml.writeStartElement("testcase");
                xml.writeAttribute("classname", externalId);
                xml.writeAttribute("name", result.testCase().name());
                xml.writeAttribute("time", String.format(Locale.ROOT, "%.3f", result.millis() / 1000));
                if (result.failure().isPresent()) {
                    xml.writeStartElement("failure");
                    xml.writeAttribute("message", result.failure().get());
                    xml.writeCharacters(describe(result));
                    xml.writeEndElement();
                }
                xml.writeEndElement();
            }
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * @return the request, the expectation and the answer, for a person to read
     */
    public static String describe(ServiceTestResult result) {
        return "request:  " + result.testCase().request() + "\nexpected: " + result.testCase().expect()
                + "\nanswer:   HTTP " + result.status() + " " + result.response();
    }
}
