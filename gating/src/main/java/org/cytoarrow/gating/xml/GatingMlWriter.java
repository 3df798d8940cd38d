package org.cytoarrow.gating.xml;

import static org.cytoarrow.gating.xml.GatingMl.DATA_TYPE;
import static org.cytoarrow.gating.xml.GatingMl.GATING;
import static org.cytoarrow.gating.xml.GatingMl.TRANSFORMS;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilder;
import org.cytoarrow.core.CytoException;
import org.cytoarrow.core.compensation.SpilloverMatrix;
import org.cytoarrow.gating.BooleanGate;
import org.cytoarrow.gating.Dimension;
import org.cytoarrow.gating.EllipsoidGate;
import org.cytoarrow.gating.Gate;
import org.cytoarrow.gating.GatingStrategy;
import org.cytoarrow.gating.PolygonGate;
import org.cytoarrow.gating.QuadrantGate;
import org.cytoarrow.gating.RatioTransformation;
import org.cytoarrow.gating.RectangleGate;
import org.cytoarrow.gating.ScaleTransformation;
import org.cytoarrow.gating.Transformation;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** Model to DOM, in the element order the Gating-ML 2.0 XSDs require. */
final class GatingMlWriter {
    private final Document doc;

    GatingMlWriter(DocumentBuilder builder) {
        this.doc = builder.newDocument();
    }

    Document toDocument(GatingStrategy s) {
        Element root = doc.createElementNS(GATING, "gating:Gating-ML");
        root.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:gating", GATING);
        root.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:transforms", TRANSFORMS);
        root.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:data-type", DATA_TYPE);
        doc.appendChild(root);
        for (Map.Entry<String, SpilloverMatrix> m : s.matrices().entrySet()) {
            root.appendChild(matrix(m.getKey(), m.getValue()));
        }
        for (Transformation t : s.transformations().values()) {
            root.appendChild(transformation(t));
        }
        for (Gate g : s.gates()) {
            root.appendChild(gate(g));
        }
        return doc;
    }

    private Element matrix(String id, SpilloverMatrix m) {
        Element e = t("spectrumMatrix");
        tAttr(e, "id", id);
        if (m.invertedAlready()) {
            tAttr(e, "matrix-inverted-already", "true");
        }
        e.appendChild(names("fluorochromes", m.fluorochromes()));
        e.appendChild(names("detectors", m.detectors()));
        double[][] c = m.coefficients();
        if (m.invertedAlready() && !m.isSquare()) {
            double[][] tr = new double[c[0].length][c.length];
            for (int i = 0; i < c.length; i++) {
                for (int j = 0; j < c[i].length; j++) {
                    tr[j][i] = c[i][j];
                }
            }
            c = tr;
        }
        for (double[] row : c) {
            Element spectrum = t("spectrum");
            for (double v : row) {
                Element coef = t("coefficient");
                tAttr(coef, "value", num(v));
                spectrum.appendChild(coef);
            }
            e.appendChild(spectrum);
        }
        return e;
    }

    private Element names(String name, List<String> channels) {
        Element e = t(name);
        for (String c : channels) {
            Element d = dt("fcs-dimension");
            dtAttr(d, "name", c);
            e.appendChild(d);
        }
        return e;
    }

    private Element transformation(Transformation tr) {
        Element e = t("transformation");
        tAttr(e, "id", tr.id());
        if (tr.boundMin() != Double.NEGATIVE_INFINITY) {
            tAttr(e, "boundMin", num(tr.boundMin()));
        }
        if (tr.boundMax() != Double.POSITIVE_INFINITY) {
            tAttr(e, "boundMax", num(tr.boundMax()));
        }
        if (tr instanceof ScaleTransformation s) {
            Element f = t(s.kind().element());
            tAttr(f, "T", num(s.t()));
            switch (s.kind()) {
                case FLIN -> tAttr(f, "A", num(s.a()));
                case FLOG -> tAttr(f, "M", num(s.m()));
                case FASINH -> {
                    tAttr(f, "M", num(s.m()));
                    tAttr(f, "A", num(s.a()));
                }
                case LOGICLE, HYPERLOG -> {
                    tAttr(f, "W", num(s.w()));
                    tAttr(f, "M", num(s.m()));
                    tAttr(f, "A", num(s.a()));
                }
                default -> throw new IllegalStateException(s.kind().toString());
            }
            e.appendChild(f);
        } else if (tr instanceof RatioTransformation r) {
            Element f = t("fratio");
            tAttr(f, "A", num(r.a()));
            tAttr(f, "B", num(r.b()));
            tAttr(f, "C", num(r.c()));
            for (String c : List.of(r.numerator(), r.denominator())) {
                Element d = dt("fcs-dimension");
                dtAttr(d, "name", c);
                f.appendChild(d);
            }
            e.appendChild(f);
        }
        return e;
    }

    private Element gate(Gate g) {
        Element e = g(g.getClass().getSimpleName());
        gAttr(e, "id", g.id());
        if (g.parentId() != null) {
            gAttr(e, "parent_id", g.parentId());
        }
        if (g instanceof RectangleGate r) {
            for (RectangleGate.Range range : r.ranges()) {
                Element d = dimension("dimension", range.dimension());
                if (range.hasMin()) {
                    gAttr(d, "min", num(range.min()));
                }
                if (range.hasMax()) {
                    gAttr(d, "max", num(range.max()));
                }
                e.appendChild(d);
            }
        } else if (g instanceof PolygonGate p) {
            e.appendChild(dimension("dimension", p.x()));
            e.appendChild(dimension("dimension", p.y()));
            for (PolygonGate.Vertex v : p.vertices()) {
                e.appendChild(point("vertex", List.of(v.x(), v.y())));
            }
        } else if (g instanceof EllipsoidGate el) {
            for (Dimension d : el.dimensions()) {
                e.appendChild(dimension("dimension", d));
            }
            e.appendChild(point("mean", el.mean()));
            Element cov = g("covarianceMatrix");
            for (List<Double> row : el.covariance()) {
                Element r = g("row");
                for (double v : row) {
                    Element entry = g("entry");
                    dtAttr(entry, "value", num(v));
                    r.appendChild(entry);
                }
                cov.appendChild(r);
            }
            e.appendChild(cov);
            Element d2 = g("distanceSquare");
            dtAttr(d2, "value", num(el.distanceSquare()));
            e.appendChild(d2);
        } else if (g instanceof QuadrantGate q) {
            for (QuadrantGate.Divider d : q.dividers()) {
                Element div = dimension("divider", d.dimension());
                gAttr(div, "id", d.id());
                for (double v : d.values()) {
                    Element value = g("value");
                    value.setTextContent(num(v));
                    div.appendChild(value);
                }
                e.appendChild(div);
            }
            for (QuadrantGate.Quadrant quad : q.quadrants()) {
                Element qe = g("Quadrant");
                gAttr(qe, "id", quad.id());
                for (Map.Entry<String, Double> pos : quad.positions().entrySet()) {
                    Element p = g("position");
                    gAttr(p, "divider_ref", pos.getKey());
                    gAttr(p, "location", num(pos.getValue()));
                    qe.appendChild(p);
                }
                e.appendChild(qe);
            }
        } else if (g instanceof BooleanGate b) {
            Element op = g(b.op().name().toLowerCase(Locale.ROOT));
            for (BooleanGate.Operand o : b.operands()) {
                Element ref = g("gateReference");
                gAttr(ref, "ref", o.ref());
                if (o.complement()) {
                    gAttr(ref, "use-as-complement", "true");
                }
                op.appendChild(ref);
            }
            e.appendChild(op);
        }
        return e;
    }

    private Element dimension(String name, Dimension d) {
        Element e = g(name);
        gAttr(e, "compensation-ref", d.compensationRef());
        if (d.transformRef() != null) {
            gAttr(e, "transformation-ref", d.transformRef());
        }
        if (d.isRatio()) {
            Element nd = dt("new-dimension");
            dtAttr(nd, "transformation-ref", d.ratioRef());
            e.appendChild(nd);
        } else {
            Element fd = dt("fcs-dimension");
            dtAttr(fd, "name", d.channel());
            e.appendChild(fd);
        }
        return e;
    }

    private Element point(String name, List<Double> coordinates) {
        Element e = g(name);
        for (double c : coordinates) {
            Element ce = g("coordinate");
            dtAttr(ce, "value", num(c));
            e.appendChild(ce);
        }
        return e;
    }

    /** Shortest round-trip decimal; integral values without ".0". */
    static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "INF" : "-INF";
        }
        return Double.toString(v);
    }

    private Element g(String name) {
        return doc.createElementNS(GATING, "gating:" + name);
    }

    private Element t(String name) {
        return doc.createElementNS(TRANSFORMS, "transforms:" + name);
    }

    private Element dt(String name) {
        return doc.createElementNS(DATA_TYPE, "data-type:" + name);
    }

    /** XML Schema ID/IDREF values must be NCNames (letter or '_' first; letters, digits, '.', '-', '_'). */
    private static final Pattern NCNAME =
            Pattern.compile("[\\p{L}_][\\p{L}\\p{N}\\p{M}._\\-\u00B7]*");

    private static final Set<String> ID_ATTRIBUTES = Set.of("id", "parent_id", "ref",
            "divider_ref", "transformation-ref");

    private static void checkId(String name, String value) {
        if (ID_ATTRIBUTES.contains(name) && !NCNAME.matcher(value).matches()) {
            throw new CytoException("GATINGML_INVALID_ID", null, name,
                    "Cannot write Gating-ML: " + name + " '" + value + "' is not an XML NCName (start with a letter"
                            + " or '_'; then letters, digits, '.', '-', '_'); rename it");
        }
    }

    private static void gAttr(Element e, String name, String value) {
        checkId(name, value);
        e.setAttributeNS(GATING, "gating:" + name, value);
    }

    private static void tAttr(Element e, String name, String value) {
        checkId(name, value);
        e.setAttributeNS(TRANSFORMS, "transforms:" + name, value);
    }

    private static void dtAttr(Element e, String name, String value) {
        checkId(name, value);
        e.setAttributeNS(DATA_TYPE, "data-type:" + name, value);
    }
}
