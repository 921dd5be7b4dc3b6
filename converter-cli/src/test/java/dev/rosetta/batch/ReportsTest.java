package dev.rosetta.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rosetta.error.ExitCode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The reports: JUnit XML that parses whatever the messages hold, Markdown cells, exit codes. */
class ReportsTest {
    @TempDir
    Path dir;

    static final String NASTY = "bad <op> & \"quotes\" 'too' ]]> \u0001\u0007 control, \uD800 lone, | pipe\nnewline ✓";

    static JobResult result(String id, JobStatus s, String error) {
        return new JobResult(id, "/in/" + id, "/out/" + id + ".onnx", s, s == JobStatus.OK ? null : "convert", error,
                s == JobStatus.OK ? 0 : 3, false, "pytorch", "onnx", null, null, 10L, null, 1234, "a", null, "c",
                ".rosetta-batch/logs/" + id + ".log");
    }

    static Reports.Summary summary(List<JobResult> rs) {
        return new Reports.Summary(Reports.SCHEMA, "test", "/m.json", "/out", "2025-01-01T00:00:00Z",
                "2025-01-01T00:00:01Z", 1000, "ab".repeat(32), "mismatch",
                FailOn.MISMATCH.exitCode(rs.stream().map(JobResult::status).toList()).code(), false,
                Reports.Totals.of(rs), rs);
    }

    @Test
    void junitXmlParsesAndCountsEveryStatus() throws Exception {
        List<JobResult> rs = List.of(result("ok", JobStatus.OK, null),
                result("conv & <err>", JobStatus.CONVERSION_ERROR, NASTY),
                result("unsup", JobStatus.UNSUPPORTED, "Loop (ai.onnx opset 11)"),
                result("mism", JobStatus.ACCURACY_MISMATCH, "1 of 1 output(s) beyond tolerance"),
                result("slow", JobStatus.TIMEOUT, "no result after 5 s"),
                JobResult.skipped("notes.txt", "/in/notes.txt", null, NASTY, null));
        Reports.write(dir, summary(rs));
        byte[] xml = Files.readAllBytes(dir.resolve(Reports.JUNIT_XML));
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(xml));

        Element suites = doc.getDocumentElement();
        assertEquals("testsuites", suites.getTagName());
        Element suite = (Element) suites.getElementsByTagName("testsuite").item(0);
        assertEquals("6", suite.getAttribute("tests"));
        assertEquals("2", suite.getAttribute("failures"), "unsupported and accuracy_mismatch are failures");
        assertEquals("2", suite.getAttribute("errors"), "conversion_error and timeout are errors");
        assertEquals("1", suite.getAttribute("skipped"));
        NodeList cases = suite.getElementsByTagName("testcase");
        assertEquals(6, cases.getLength());
        Element conv = (Element) cases.item(1);
        assertEquals("conv & <err>", conv.getAttribute("name"));
        Element error = (Element) conv.getElementsByTagName("error").item(0);
        assertEquals("conversion_error", error.getAttribute("type"));
        assertTrue(error.getAttribute("message").contains("bad <op> & \"quotes\" 'too' ]]>"), error.getAttribute("message"));
        assertTrue(error.getTextContent().contains("newline ✓"), error.getTextContent());
        assertEquals(1, ((Element) cases.item(3)).getElementsByTagName("failure").getLength());
        assertEquals(1, ((Element) cases.item(5)).getElementsByTagName("skipped").getLength());
        assertEquals("1.234", ((Element) cases.item(0)).getAttribute("time"));
    }

    @Test
    void markdownKeepsOneRowPerJob() throws Exception {
        List<JobResult> rs = List.of(result("a|b", JobStatus.CONVERSION_ERROR, NASTY), result("ok", JobStatus.OK, null));
        String md = Reports.markdown(summary(rs));
        List<String> rows = md.lines().filter(l -> l.startsWith("| conversion_error") || l.startsWith("| ok")).toList();
        assertEquals(2, rows.size(), md);
        assertTrue(rows.get(0).contains("a\\|b") && rows.get(0).contains("\\| pipe newline"), rows.get(0));
        assertTrue(md.contains("**Failed** (exit 4"), md);
    }

    @Test
    void summaryJsonRoundTrips() throws Exception {
        List<JobResult> rs = List.of(result("ok", JobStatus.OK, null), result("x", JobStatus.UNSUPPORTED, "Loop"));
        Reports.write(dir, summary(rs));
        Reports.Summary back = BatchJson.JSON.readValue(dir.resolve(Reports.SUMMARY_JSON).toFile(), Reports.Summary.class);
        assertEquals(rs, back.jobs());
        String text = Files.readString(dir.resolve(Reports.SUMMARY_JSON), StandardCharsets.UTF_8);
        assertTrue(text.contains("\"status\" : \"unsupported\"") && text.contains("\"conversion_error\" : 0"), text);
    }

    @Test
    void failOnPicksTheExitCode() {
        List<JobStatus> mismatchOnly = List.of(JobStatus.OK, JobStatus.ACCURACY_MISMATCH, JobStatus.SKIPPED);
        List<JobStatus> everything = List.of(JobStatus.ACCURACY_MISMATCH, JobStatus.UNSUPPORTED, JobStatus.TIMEOUT);
        List<JobStatus> unsupported = List.of(JobStatus.UNSUPPORTED, JobStatus.ACCURACY_MISMATCH);
        assertEquals(ExitCode.MISMATCH, FailOn.MISMATCH.exitCode(mismatchOnly));
        assertEquals(ExitCode.SUCCESS, FailOn.CONVERSION.exitCode(mismatchOnly));
        assertEquals(ExitCode.MALFORMED_INPUT, FailOn.MISMATCH.exitCode(everything));
        assertEquals(ExitCode.UNSUPPORTED, FailOn.CONVERSION.exitCode(unsupported));
        assertEquals(ExitCode.SUCCESS, FailOn.NEVER.exitCode(everything));
        assertEquals(ExitCode.SUCCESS, FailOn.MISMATCH.exitCode(List.of(JobStatus.OK, JobStatus.SKIPPED)));
    }
}
