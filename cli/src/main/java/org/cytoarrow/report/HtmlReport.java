package org.cytoarrow.report;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes a {@link ReportModel} as one self-contained HTML page: inline CSS, a small inline script that sorts the
 * summary table when a header is clicked (or initially from {@code #sort=<column>} / {@code #sort=-<column>} in
 * the URL), thumbnails referenced relatively so the page works from the output folder.
 *
 * <p>Every text is HTML-escaped; every link is URL-encoded per path segment. When the script has run it sets
 * {@code data-ready="true"} on {@code <body>} (tests and screenshots wait for it).
 */
public final class HtmlReport {
    private HtmlReport() {
    }

    /** Writes the page to {@code file} atomically. */
    public static void write(ReportModel model, Path file) throws IOException {
        String html = render(model);
        AtomicOutput.write(file, out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            w.write(html);
            w.flush();
        });
    }

    /** The page as a string. */
    public static String render(ReportModel m) {
        StringBuilder b = new StringBuilder(16_384);
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(escape(m.title())).append("</title>\n<style>\n").append(CSS)
                .append("</style>\n</head>\n<body>\n<h1>").append(escape(m.title())).append("</h1>\n");
        for (String note : m.notes()) {
            b.append("<p class=\"note\">").append(escape(note)).append("</p>\n");
        }
        summary(b, m);
        thresholds(b, m);
        errors(b, m);
        b.append("<script>\n").append(SCRIPT).append("</script>\n</body>\n</html>\n");
        return b.toString();
    }

    private static void summary(StringBuilder b, ReportModel m) {
        b.append("<h2>Samples (").append(m.rows().size()).append(")</h2>\n");
        b.append("<table id=\"summary\" class=\"sortable\">\n<thead><tr><th data-key=\"sample\">sample</th>");
        for (String c : m.columns()) {
            b.append("<th data-key=\"").append(escape(c)).append("\">").append(escape(c)).append("</th>");
        }
        b.append("<th class=\"nosort\">plots</th></tr></thead>\n<tbody>\n");
        for (ReportModel.Row r : m.rows()) {
            b.append("<tr><td>").append(escape(r.sample())).append("</td>");
            for (String c : r.cells()) {
                boolean num = isNumber(c);
                b.append(num ? "<td class=\"num\">" : "<td>").append(escape(c)).append("</td>");
            }
            b.append("<td class=\"thumbs\">");
            for (ReportModel.Thumbnail t : r.thumbnails()) {
                String href = encodePath(t.href());
                b.append("<a href=\"").append(href).append("\" title=\"").append(escape(t.caption()))
                        .append("\"><img src=\"").append(href).append("\" alt=\"").append(escape(t.caption()))
                        .append("\" loading=\"lazy\" width=\"72\" height=\"72\"></a>");
            }
            b.append("</td></tr>\n");
        }
        b.append("</tbody>\n</table>\n");
    }

    private static void thresholds(StringBuilder b, ReportModel m) {
        b.append("<h2>Control thresholds</h2>\n");
        if (m.thresholds().isEmpty()) {
            b.append("<p class=\"note\">No control rule given.</p>\n");
            return;
        }
        // a group column only when thresholds are per control group (batch --control-group)
        boolean grouped = m.thresholds().stream().anyMatch(t -> !t.group().isEmpty());
        b.append("<table id=\"thresholds\"><thead><tr>").append(grouped ? "<th>group</th>" : "")
                .append("<th>population</th><th>channel</th><th>statistic</th>")
                .append("<th>threshold</th><th>events</th><th>from</th></tr></thead>\n<tbody>\n");
        for (ReportModel.Threshold t : m.thresholds()) {
            b.append("<tr>");
            if (grouped) {
                b.append("<td>").append(escape(t.group())).append("</td>");
            }
            b.append("<td>").append(escape(t.population())).append("</td><td>").append(escape(t.channel()))
                    .append("</td><td>").append(escape(t.statistic())).append("</td><td class=\"num\">")
                    .append(escape(format(t.value()))).append("</td><td class=\"num\">")
                    .append(t.events() < 0 ? "" : Long.toString(t.events())).append("</td><td>")
                    .append(escape(t.source()))
                    .append("</td></tr>\n");
        }
        b.append("</tbody></table>\n");
    }

    private static void errors(StringBuilder b, ReportModel m) {
        b.append("<h2>Errors (").append(m.errors().size()).append(")</h2>\n");
        if (m.errors().isEmpty()) {
            b.append("<p class=\"note\">None.</p>\n");
            return;
        }
        b.append("<table id=\"errors\"><thead><tr><th>file</th><th>code</th><th>reason</th></tr></thead>\n")
                .append("<tbody>\n");
        for (ReportModel.ErrorItem e : m.errors()) {
            b.append("<tr><td>").append(escape(e.file())).append("</td><td>").append(escape(e.code()))
                    .append("</td><td>").append(escape(e.reason())).append("</td></tr>\n");
        }
        b.append("</tbody></table>\n");
    }

    /** Escapes {@code & < > " '} so any text is safe in element content and quoted attributes. */
    public static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** URL-encodes each {@code /}-separated segment of a relative path (then escapes it for an attribute). */
    static String encodePath(String path) {
        StringBuilder b = new StringBuilder();
        String[] segs = path.split("/", -1);
        for (int i = 0; i < segs.length; i++) {
            if (i > 0) {
                b.append('/');
            }
            b.append(URLEncoder.encode(segs[i], StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return escape(b.toString());
    }

    static boolean isNumber(String s) {
        if (s == null || s.isBlank()) {
            return false;
        }
        try {
            Double.parseDouble(s.trim());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String format(double v) {
        return Double.isNaN(v) ? "NaN" : String.format(Locale.ROOT, "%.6g", v);
    }

    private static final String CSS = """
            body { font: 14px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 1.5em; color: #222; }
            h1 { font-size: 1.4em; margin: 0 0 .3em; }
            h2 { font-size: 1.1em; margin: 1.4em 0 .4em; }
            .note { color: #555; margin: .2em 0; }
            table { border-collapse: collapse; }
            th, td { border: 1px solid #ccd; padding: 3px 8px; vertical-align: middle; text-align: left; }
            th { background: #eef1f6; position: sticky; top: 0; }
            table.sortable th:not(.nosort) { cursor: pointer; user-select: none; }
            th[aria-sort=ascending]::after { content: " \\25B2"; font-size: .8em; }
            th[aria-sort=descending]::after { content: " \\25BC"; font-size: .8em; }
            td.num { text-align: right; font-variant-numeric: tabular-nums; }
            tbody tr:nth-child(even) { background: #f8f9fb; }
            td.thumbs { white-space: nowrap; }
            td.thumbs img { border: 1px solid #ccd; margin: 1px; vertical-align: middle; }
            td.thumbs img:hover { outline: 2px solid #4a6fa5; }
            #summary td:first-child, #summary th:first-child { position: sticky; left: 0; }
            #summary td:first-child { background: #fff; font-weight: 600; z-index: 1; }
            #summary tbody tr:nth-child(even) td:first-child { background: #f8f9fb; }
            #summary th:first-child { z-index: 2; }
            #errors td:first-child { font-family: monospace; }
            """;

    private static final String SCRIPT = """
            (function () {
              'use strict';
              var table = document.getElementById('summary');
              var heads = table.tHead.rows[0].cells;
              function text(row, i) { return row.cells[i].textContent.trim(); }
              function sortBy(i, ascending) {
                var body = table.tBodies[0];
                var rows = Array.prototype.slice.call(body.rows);
                var numeric = rows.every(function (r) { var t = text(r, i); return t === '' || !isNaN(Number(t)); });
                rows.sort(function (a, b) {
                  var x = text(a, i), y = text(b, i), c;
                  if (numeric) {
                    x = x === '' ? -Infinity : Number(x);
                    y = y === '' ? -Infinity : Number(y);
                    c = x < y ? -1 : x > y ? 1 : 0;
                  } else {
                    c = x.localeCompare(y, undefined, { numeric: true });
                  }
                  return ascending ? c : -c;
                });
                for (var h = 0; h < heads.length; h++) { heads[h].removeAttribute('aria-sort'); }
                heads[i].setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
                rows.forEach(function (r) { body.appendChild(r); });
              }
              Array.prototype.forEach.call(heads, function (th, i) {
                if (th.classList.contains('nosort')) { return; }
                th.addEventListener('click', function () {
                  sortBy(i, th.getAttribute('aria-sort') !== 'ascending');
                });
              });
              var m = /[#&]sort=(-?)([^&]+)/.exec(window.location.hash);
              if (m) {
                var key = decodeURIComponent(m[2]);
                Array.prototype.forEach.call(heads, function (th, i) {
                  if (th.getAttribute('data-key') === key) { sortBy(i, m[1] !== '-'); }
                });
              }
              document.body.setAttribute('data-ready', 'true');
            })();
            """;
}
