package dev.rosetta.batch;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The batch's reports in {@code --out}, each written atomically: {@code summary.json} (schema
 * {@value #SCHEMA}), {@code summary.md} for people and {@code junit.xml} for CI systems.
 */
final class Reports {
    static final String SUMMARY_JSON = "summary.json";
    static final String SUMMARY_MD = "summary.md";
    static final String JUNIT_XML = "junit.xml";
    /** The schema identifier of {@code summary.json}. */
    static final String SCHEMA = "rosetta.batch-summary/1";

    private Reports() {
    }

    /**
     * The whole summary.
     *
     * @param schema always {@value #SCHEMA}
     * @param toolVersion the Rosetta version that ran the batch
     * @param source the manifest or folder
     * @param out the output folder
     * @param startedAt when the batch started (ISO-8601)
     * @param finishedAt when it ended
     * @param wallMs the batch's wall-clock time
     * @param jobsSha256 hash of the job list ({@link BatchPlan#jobsSha256()})
     * @param failOn the {@code --fail-on} in force
     * @param exitCode the batch's exit code
     * @param interrupted true when Ctrl-C stopped the batch
     * @param totals counts by status
     * @param jobs every job and skipped input, in plan order
     */
    record Summary(String schema, String toolVersion, String source, String out, String startedAt,
                   String finishedAt, long wallMs, String jobsSha256, String failOn, int exitCode, boolean interrupted,
                   Totals totals, List<JobResult> jobs) {
    }

    /**
     * Counts of jobs by status, plus how many were resumed and how many verified.
     *
     * @param jobs all entries, skipped ones included
     * @param ok jobs with status ok
     * @param conversionError jobs with status conversion_error
     * @param unsupported jobs with status unsupported
     * @param accuracyMismatch jobs with status accuracy_mismatch
     * @param timeout jobs with status timeout
     * @param skipped entries with status skipped
     * @param resumed results kept from the state file
     * @param verified jobs whose verification passed
     */
    record Totals(int jobs, int ok, int conversionError, int unsupported, int accuracyMismatch, int timeout,
                  int skipped, int resumed, int verified) {
        static Totals of(List<JobResult> rs) {
            int[] n = new int[JobStatus.values().length];
            int resumed = 0;
            int verified = 0;
            for (JobResult r : rs) {
                n[r.status().ordinal()]++;
                resumed += r.resumed() ? 1 : 0;
                verified += r.verified() ? 1 : 0;
            }
            return new Totals(rs.size(), n[JobStatus.OK.ordinal()], n[JobStatus.CONVERSION_ERROR.ordinal()],
                    n[JobStatus.UNSUPPORTED.ordinal()], n[JobStatus.ACCURACY_MISMATCH.ordinal()],
                    n[JobStatus.TIMEOUT.ordinal()], n[JobStatus.SKIPPED.ordinal()], resumed, verified);
        }
    }

    /** Writes the three reports into {@code out}. */
    static void write(Path out, Summary s) {
        BatchJson.write(out.resolve(SUMMARY_JSON), s);
        BatchJson.writeText(out.resolve(SUMMARY_MD), markdown(s));
        BatchJson.writeText(out.resolve(JUNIT_XML), junit(s));
    }

    /** {@code summary.md}: totals, then a table with one row per job. */
    static String markdown(Summary s) {
        StringBuilder sb = new StringBuilder();
        Totals t = s.totals();
        sb.append("# Rosetta batch: ").append(md(s.source())).append("\n\n");
        sb.append("**").append(s.exitCode() == 0 ? "Passed" : "Failed").append("** (exit ").append(s.exitCode())
                .append(", `--fail-on ").append(s.failOn()).append("`)")
                .append(s.interrupted() ? " · **interrupted**: rerun with `--resume`" : "").append("\n\n");
        sb.append("| jobs | ok | conversion_error | unsupported | accuracy_mismatch | timeout | skipped | resumed | verified |\n");
        sb.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        sb.append(String.format(Locale.ROOT, "| %d | %d | %d | %d | %d | %d | %d | %d | %d |%n%n", t.jobs(), t.ok(),
                t.conversionError(), t.unsupported(), t.accuracyMismatch(), t.timeout(), t.skipped(), t.resumed(),
                t.verified()));
        sb.append("Rosetta ").append(md(s.toolVersion())).append(" · ").append(String.format(Locale.ROOT, "%.1f s",
                s.wallMs() / 1000.0)).append(" · started ").append(s.startedAt()).append(" · job list `")
                .append(s.jobsSha256(), 0, 16).append("`\n\n");
        sb.append("| status | job | output | time | details |\n|---|---|---|---:|---|\n");
        for (JobResult r : s.jobs()) {
            sb.append("| ").append(r.status().wireName()).append(r.resumed() ? " (resumed)" : "")
                    .append(" | ").append(md(r.id()))
                    .append(" | ").append(r.status().hasOutput() ? md(relative(s.out(), r.output())) : "")
                    .append(" | ").append(r.wallMs() > 0 ? String.format(Locale.ROOT, "%.1f s", r.wallMs() / 1000.0) : "")
                    .append(" | ").append(md(details(r))).append(" |\n");
        }
        return sb.toString();
    }

    /** The details cell: the error, or the parity numbers of a verified job. */
    private static String details(JobResult r) {
        if (r.error() != null) {
            return (r.phase() == null || r.phase().equals("plan") ? "" : r.phase() + ": ") + r.error();
        }
        JsonNode v = r.verification();
        if (v == null) {
            return r.status() == JobStatus.OK ? "converted, not verified" : "";
        }
        double maxAbs = 0;
        for (JsonNode o : v.path("outputs")) {
            maxAbs = Math.max(maxAbs, o.path("max_abs").asDouble(0));
        }
        JsonNode tol = v.path("tolerance");
        return String.format(Locale.ROOT, "verified: %d output(s), max_abs %.2e (rtol %s, atol %s)",
                v.path("outputs").size(), maxAbs, tol.path("rtol").asText(), tol.path("atol").asText());
    }

    /** {@code junit.xml}: one test case per job; failures and errors by status (see docs/batch.md). */
    static String junit(Summary s) {
        Document doc;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            doc = f.newDocumentBuilder().newDocument();
            doc.setXmlStandalone(true);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser is not configured", e);
        }
        Totals t = s.totals();
        int failures = t.accuracyMismatch() + t.unsupported();
        int errors = t.conversionError() + t.timeout();
        Element suites = doc.createElement("testsuites");
        doc.appendChild(suites);
        Element suite = doc.createElement("testsuite");
        suites.appendChild(suite);
        for (Element e : List.of(suites, suite)) {
            e.setAttribute("name", "rosetta batch " + xml(s.source()));
            e.setAttribute("tests", Integer.toString(t.jobs()));
            e.setAttribute("failures", Integer.toString(failures));
            e.setAttribute("errors", Integer.toString(errors));
            e.setAttribute("skipped", Integer.toString(t.skipped()));
            e.setAttribute("time", seconds(s.wallMs()));
        }
        suite.setAttribute("timestamp", s.startedAt());
        Element props = doc.createElement("properties");
        suite.appendChild(props);
        String[][] properties = {{"rosetta.version", s.toolVersion()}, {"jobs_sha256", s.jobsSha256()},
            {"fail_on", s.failOn()}, {"exit_code", Integer.toString(s.exitCode())}};
        for (String[] p : properties) {
            Element e = doc.createElement("property");
            e.setAttribute("name", p[0]);
            e.setAttribute("value", xml(p[1]));
            props.appendChild(e);
        }
        for (JobResult r : s.jobs()) {
            Element tc = doc.createElement("testcase");
            tc.setAttribute("classname", "rosetta.batch" + (r.targetFormat() == null ? "" : "." + r.targetFormat()));
            tc.setAttribute("name", xml(r.id()));
            tc.setAttribute("time", seconds(r.wallMs()));
            String kind = switch (r.status()) {
                case ACCURACY_MISMATCH, UNSUPPORTED -> "failure";
                case CONVERSION_ERROR, TIMEOUT -> "error";
                case SKIPPED -> "skipped";
                case OK -> null;
            };
            if (kind != null) {
                Element e = doc.createElement(kind);
                e.setAttribute("message", xml(details(r)));
                if (!kind.equals("skipped")) {
                    e.setAttribute("type", r.status().wireName());
                    e.setTextContent(xml(r.status().wireName() + ": " + details(r) + "\ninput: " + r.input() + "\noutput: " + r.output()
                            + (r.log() == null ? "" : "\nlog: " + r.log())));
                }
                tc.appendChild(e);
            }
            if (r.log() != null || r.verification() != null) {
                Element out = doc.createElement("system-out");
                out.setTextContent(xml((r.log() == null ? "" : "log: " + r.log() + "\n") + (r.verification() == null
                        ? "" : "verification: " + BatchJson.canonical(r.verification()) + "\n")));
                tc.appendChild(out);
            }
            suite.appendChild(tc);
        }
        try {
            var tf = TransformerFactory.newInstance().newTransformer();
            tf.setOutputProperty(OutputKeys.INDENT, "yes");
            tf.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            tf.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "2");
            StringWriter w = new StringWriter();
            tf.transform(new DOMSource(doc), new StreamResult(w));
            return w.toString();
        } catch (TransformerException e) {
            throw new IllegalStateException("cannot serialize junit.xml", e);
        }
    }

    /** Text with the characters XML 1.0 cannot hold (control characters, lone surrogates) replaced. */
    static String xml(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            boolean ok = c == 0x9 || c == 0xA || c == 0xD || c >= 0x20 && c <= 0xD7FF || c >= 0xE000 && c <= 0xFFFD
                    || c >= 0x10000 && c <= 0x10FFFF;
            if (ok) {
                sb.appendCodePoint(c);
            } else {
                sb.append('\uFFFD');
            }
            i += Character.charCount(c);
        }
        return sb.toString();
    }

    private static String seconds(long ms) {
        return String.format(Locale.ROOT, "%.3f", ms / 1000.0);
    }

    private static String relative(String out, String path) {
        if (path == null) {
            return "";
        }
        Path o = Path.of(out);
        Path p = Path.of(path);
        return p.startsWith(o) ? DirectoryScan.slashes(o.relativize(p)) : path;
    }

    /** A Markdown table cell: no line breaks, pipes escaped. */
    private static String md(String s) {
        return s == null ? "" : s.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ")
                .replace("<", "&lt;");
    }
}
