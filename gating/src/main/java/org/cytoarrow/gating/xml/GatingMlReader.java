package org.cytoarrow.gating.xml;

import static org.cytoarrow.gating.xml.GatingMl.DATA_TYPE;
import static org.cytoarrow.gating.xml.GatingMl.GATING;
import static org.cytoarrow.gating.xml.GatingMl.TRANSFORMS;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import org.w3c.dom.Node;

/** DOM to model. Every problem becomes a {@link CytoException} naming the file and the element. */
final class GatingMlReader {
    private final String source;
    private final List<Gate> gates = new ArrayList<>();
    private final Map<String, Transformation> transformations = new LinkedHashMap<>();
    private final Map<String, SpilloverMatrix> matrices = new LinkedHashMap<>();
    private String where = "document";

    GatingMlReader(String source) {
        this.source = source;
    }

    /** What the document is likely to be instead, and what to do, for the files people mistake for Gating-ML 2.0. */
    private static String hint(Element root) {
        String ns = root.getNamespaceURI() == null ? "" : root.getNamespaceURI();
        if ("Workspace".equals(root.getLocalName()) || "Workspace".equals(root.getNodeName())) {
            return " (this looks like a FlowJo workspace: export its gates as Gating-ML 2.0 and pass that file)";
        }
        if (ns.startsWith("http://www.isac-net.org/std/Gating-ML/v1")) {
            return " (this is Gating-ML 1.x, which is not read: save the gates as Gating-ML 2.0)";
        }
        return "";
    }

    GatingStrategy read(Document doc) {
        Element root = doc.getDocumentElement();
        if (!GATING.equals(root.getNamespaceURI()) || !"Gating-ML".equals(root.getLocalName())) {
            throw fail("the root element is <" + root.getNodeName() + "> in namespace " + root.getNamespaceURI()
                    + ", expected <Gating-ML> in " + GATING + hint(root));
        }
        walk(root);
        try {
            return new GatingStrategy(gates, transformations, matrices);
        } catch (IllegalArgumentException e) {
            where = "document";
            throw fail(e.getMessage());
        }
    }

    private void walk(Element parent) {
        for (Element e : children(parent)) {
            String ns = e.getNamespaceURI();
            String name = e.getLocalName();
            try {
                if (GATING.equals(ns)) {
                    switch (name) {
                        case "RectangleGate" -> gates.add(rectangle(e));
                        case "PolygonGate" -> gates.add(polygon(e));
                        case "EllipsoidGate" -> gates.add(ellipsoid(e));
                        case "QuadrantGate" -> gates.add(quadrant(e));
                        case "BooleanGate" -> gates.add(bool(e));
                        default -> walk(e);
                    }
                } else if (TRANSFORMS.equals(ns) && name.equals("transformation")) {
                    Transformation t = transformation(e);
                    putUnique(transformations, t.id(), t);
                } else if (TRANSFORMS.equals(ns) && name.equals("spectrumMatrix")) {
                    String id = required(e, TRANSFORMS, "id");
                    putUnique(matrices, id, matrix(e, id));
                } else if (DATA_TYPE.equals(ns) && name.equals("custom_info")) {
                    continue;
                } else {
                    walk(e); // foreign wrapper elements
                }
            } catch (IllegalArgumentException ex) {
                throw fail(ex.getMessage());
            }
        }
    }

    private <T> void putUnique(Map<String, T> map, String id, T value) {
        if (map.put(id, value) != null) {
            throw fail("duplicate id '" + id + "'");
        }
    }

    private RectangleGate rectangle(Element e) {
        String id = gateStart(e, "RectangleGate");
        List<RectangleGate.Range> ranges = new ArrayList<>();
        for (Element d : children(e, GATING, "dimension")) {
            double min = optionalNumber(d, GATING, "min", Double.NEGATIVE_INFINITY);
            double max = optionalNumber(d, GATING, "max", Double.POSITIVE_INFINITY);
            if (min == Double.NEGATIVE_INFINITY && max == Double.POSITIVE_INFINITY) {
                throw fail("a rectangle gate dimension needs min, max or both");
            }
            ranges.add(new RectangleGate.Range(dimension(d), min, max));
        }
        return new RectangleGate(id, parentId(e), ranges);
    }

    private PolygonGate polygon(Element e) {
        String id = gateStart(e, "PolygonGate");
        List<Element> dims = children(e, GATING, "dimension");
        if (dims.size() != 2) {
            throw fail("a polygon gate needs exactly 2 dimensions, has " + dims.size());
        }
        List<PolygonGate.Vertex> vertices = new ArrayList<>();
        for (Element v : children(e, GATING, "vertex")) {
            double[] c = coordinates(v);
            if (c.length != 2) {
                throw fail("a polygon vertex needs 2 coordinates, has " + c.length);
            }
            vertices.add(new PolygonGate.Vertex(c[0], c[1]));
        }
        return new PolygonGate(id, parentId(e), dimension(dims.get(0)), dimension(dims.get(1)), vertices);
    }

    private EllipsoidGate ellipsoid(Element e) {
        String id = gateStart(e, "EllipsoidGate");
        List<Dimension> dims = new ArrayList<>();
        for (Element d : children(e, GATING, "dimension")) {
            dims.add(dimension(d));
        }
        List<Double> mean = new ArrayList<>();
        for (double c : coordinates(single(e, GATING, "mean"))) {
            mean.add(c);
        }
        List<List<Double>> cov = new ArrayList<>();
        for (Element row : children(single(e, GATING, "covarianceMatrix"), GATING, "row")) {
            List<Double> r = new ArrayList<>();
            for (Element entry : children(row, GATING, "entry")) {
                r.add(number(entry, DATA_TYPE, "value"));
            }
            cov.add(r);
        }
        double d2 = number(single(e, GATING, "distanceSquare"), DATA_TYPE, "value");
        EllipsoidGate g = new EllipsoidGate(id, parentId(e), dims, mean, cov, d2);
        g.inverseCovariance(); // fail now, with the file name, on a singular matrix
        return g;
    }

    private QuadrantGate quadrant(Element e) {
        String id = gateStart(e, "QuadrantGate");
        List<QuadrantGate.Divider> dividers = new ArrayList<>();
        for (Element d : children(e, GATING, "divider")) {
            List<Double> values = new ArrayList<>();
            for (Element v : children(d, GATING, "value")) {
                values.add(parse(v.getTextContent(), "divider value"));
            }
            dividers.add(new QuadrantGate.Divider(required(d, GATING, "id"), dimension(d), values));
        }
        List<QuadrantGate.Quadrant> quadrants = new ArrayList<>();
        for (Element q : children(e, GATING, "Quadrant")) {
            Map<String, Double> positions = new LinkedHashMap<>();
            for (Element p : children(q, GATING, "position")) {
                positions.put(required(p, GATING, "divider_ref"), number(p, GATING, "location"));
            }
            quadrants.add(new QuadrantGate.Quadrant(required(q, GATING, "id"), positions));
        }
        return new QuadrantGate(id, parentId(e), dividers, quadrants);
    }

    private BooleanGate bool(Element e) {
        String id = gateStart(e, "BooleanGate");
        List<Element> ops = new ArrayList<>();
        for (Element c : children(e)) {
            if (GATING.equals(c.getNamespaceURI())) {
                ops.add(c);
            }
        }
        if (ops.size() != 1) {
            throw fail("a Boolean gate needs exactly one of <and>, <or>, <not>");
        }
        Element op = ops.get(0);
        BooleanGate.Op kind = switch (op.getLocalName()) {
            case "and" -> BooleanGate.Op.AND;
            case "or" -> BooleanGate.Op.OR;
            case "not" -> BooleanGate.Op.NOT;
            default -> throw fail("unknown Boolean operation <" + op.getLocalName() + ">");
        };
        List<BooleanGate.Operand> operands = new ArrayList<>();
        for (Element r : children(op, GATING, "gateReference")) {
            String complement = attr(r, GATING, "use-as-complement");
            operands.add(new BooleanGate.Operand(required(r, GATING, "ref"),
                    complement != null && (complement.strip().equals("true") || complement.strip().equals("1"))));
        }
        return new BooleanGate(id, parentId(e), kind, operands);
    }

    private Dimension dimension(Element d) {
        String comp = attr(d, GATING, "compensation-ref");
        if (comp == null || comp.isBlank()) {
            throw fail("a dimension needs a compensation-ref ('FCS', 'uncompensated' or a spectrum matrix id)");
        }
        String transform = attr(d, GATING, "transformation-ref");
        for (Element c : children(d)) {
            if (!DATA_TYPE.equals(c.getNamespaceURI())) {
                continue;
            }
            if (c.getLocalName().equals("fcs-dimension")) {
                return Dimension.of(required(c, DATA_TYPE, "name"), comp.strip(), transform);
            }
            if (c.getLocalName().equals("new-dimension")) {
                return Dimension.ratio(required(c, DATA_TYPE, "transformation-ref"), comp.strip(), transform);
            }
        }
        throw fail("a dimension needs <data-type:fcs-dimension> or <data-type:new-dimension>");
    }

    private Transformation transformation(Element e) {
        String id = required(e, TRANSFORMS, "id");
        where = "transformation '" + id + "'";
        double lo = optionalNumber(e, TRANSFORMS, "boundMin", Double.NEGATIVE_INFINITY);
        double hi = optionalNumber(e, TRANSFORMS, "boundMax", Double.POSITIVE_INFINITY);
        List<Element> fs = new ArrayList<>();
        for (Element c : children(e)) {
            if (TRANSFORMS.equals(c.getNamespaceURI())) {
                fs.add(c);
            }
        }
        if (fs.size() != 1) {
            throw fail("a transformation needs exactly one function element, has " + fs.size());
        }
        Element f = fs.get(0);
        return switch (f.getLocalName()) {
            case "flin" -> ScaleTransformation.linear(id, number(f, TRANSFORMS, "T"), number(f, TRANSFORMS, "A"))
                    .withBounds(lo, hi);
            case "flog" -> ScaleTransformation.log(id, number(f, TRANSFORMS, "T"), number(f, TRANSFORMS, "M"))
                    .withBounds(lo, hi);
            case "fasinh" -> ScaleTransformation.asinh(id, number(f, TRANSFORMS, "T"), number(f, TRANSFORMS, "M"),
                    number(f, TRANSFORMS, "A")).withBounds(lo, hi);
            case "logicle" -> ScaleTransformation.logicle(id, number(f, TRANSFORMS, "T"),
                    number(f, TRANSFORMS, "W"), number(f, TRANSFORMS, "M"), number(f, TRANSFORMS, "A"))
                    .withBounds(lo, hi);
            case "hyperlog" -> ScaleTransformation.hyperlog(id, number(f, TRANSFORMS, "T"),
                    number(f, TRANSFORMS, "W"), number(f, TRANSFORMS, "M"), number(f, TRANSFORMS, "A"))
                    .withBounds(lo, hi);
            case "fratio" -> {
                List<Element> dims = children(f, DATA_TYPE, "fcs-dimension");
                if (dims.size() != 2) {
                    throw fail("fratio needs exactly 2 fcs-dimensions, has " + dims.size());
                }
                yield new RatioTransformation(id, required(dims.get(0), DATA_TYPE, "name"),
                        required(dims.get(1), DATA_TYPE, "name"), number(f, TRANSFORMS, "A"),
                        number(f, TRANSFORMS, "B"), number(f, TRANSFORMS, "C"), lo, hi);
            }
            default -> throw fail("unsupported transformation <" + f.getLocalName() + ">");
        };
    }

    private SpilloverMatrix matrix(Element e, String id) {
        where = "spectrumMatrix '" + id + "'";
        List<String> fluorochromes = names(single(e, TRANSFORMS, "fluorochromes"));
        List<String> detectors = names(single(e, TRANSFORMS, "detectors"));
        List<Element> spectra = children(e, TRANSFORMS, "spectrum");
        double[][] rows = new double[spectra.size()][];
        for (int i = 0; i < rows.length; i++) {
            List<Element> cs = children(spectra.get(i), TRANSFORMS, "coefficient");
            rows[i] = new double[cs.size()];
            for (int j = 0; j < cs.size(); j++) {
                rows[i][j] = number(cs.get(j), TRANSFORMS, "value");
            }
        }
        String inv = attr(e, TRANSFORMS, "matrix-inverted-already");
        boolean inverted = inv != null && (inv.strip().equals("true") || inv.strip().equals("1"));
        if (inverted && !fluorochromes.equals(detectors) && rows.length == fluorochromes.size()
                && fluorochromes.size() != detectors.size()) {
            rows = transpose(rows); // written one spectrum per fluorochrome; stored detectors x fluorochromes
        }
        return new SpilloverMatrix(fluorochromes, detectors, rows, inverted);
    }

    private static double[][] transpose(double[][] a) {
        int cols = a.length == 0 ? 0 : a[0].length;
        double[][] t = new double[cols][a.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < cols && j < a[i].length; j++) {
                t[j][i] = a[i][j];
            }
        }
        return t;
    }

    private List<String> names(Element parent) {
        List<String> out = new ArrayList<>();
        for (Element d : children(parent, DATA_TYPE, "fcs-dimension")) {
            out.add(required(d, DATA_TYPE, "name"));
        }
        return out;
    }

    private double[] coordinates(Element point) {
        List<Element> cs = children(point, GATING, "coordinate");
        double[] out = new double[cs.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = number(cs.get(i), DATA_TYPE, "value");
        }
        return out;
    }

    private String gateStart(Element e, String kind) {
        String id = required(e, GATING, "id");
        where = kind + " '" + id + "'";
        return id;
    }

    private String parentId(Element e) {
        String p = attr(e, GATING, "parent_id");
        return p == null || p.isBlank() ? null : p.strip();
    }

    /** A namespaced attribute, falling back to the unqualified one (seen in hand-written files). */
    private static String attr(Element e, String ns, String name) {
        if (e.hasAttributeNS(ns, name)) {
            return e.getAttributeNS(ns, name);
        }
        if (e.hasAttribute(name)) {
            return e.getAttribute(name);
        }
        return null;
    }

    private String required(Element e, String ns, String name) {
        String v = attr(e, ns, name);
        if (v == null || v.isBlank()) {
            throw fail("<" + e.getLocalName() + "> needs attribute " + name);
        }
        return v.strip();
    }

    private double number(Element e, String ns, String name) {
        return parse(required(e, ns, name), "<" + e.getLocalName() + "> attribute " + name);
    }

    private double optionalNumber(Element e, String ns, String name, double absent) {
        String v = attr(e, ns, name);
        return v == null || v.isBlank() ? absent : parse(v, "<" + e.getLocalName() + "> attribute " + name);
    }

    private double parse(String text, String what) {
        String t = text.strip();
        try {
            double v = switch (t) {
                case "INF" -> Double.POSITIVE_INFINITY;
                case "-INF" -> Double.NEGATIVE_INFINITY;
                default -> Double.parseDouble(t);
            };
            if (Double.isNaN(v)) {
                throw fail(what + " is NaN");
            }
            return v;
        } catch (NumberFormatException ex) {
            throw fail(what + " is not a number: '" + t + "'");
        }
    }

    private Element single(Element e, String ns, String name) {
        List<Element> cs = children(e, ns, name);
        if (cs.size() != 1) {
            throw fail("<" + e.getLocalName() + "> needs exactly one <" + name + ">, has " + cs.size());
        }
        return cs.get(0);
    }

    private static List<Element> children(Element e) {
        List<Element> out = new ArrayList<>();
        for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Element el) {
                out.add(el);
            }
        }
        return out;
    }

    private static List<Element> children(Element e, String ns, String name) {
        List<Element> out = new ArrayList<>();
        for (Element c : children(e)) {
            if (ns.equals(c.getNamespaceURI()) && name.equals(c.getLocalName())) {
                out.add(c);
            }
        }
        return out;
    }

    private CytoException fail(String message) {
        return new CytoException("GATINGML_INVALID", source, where, source + ": " + where + ": " + message);
    }
}
