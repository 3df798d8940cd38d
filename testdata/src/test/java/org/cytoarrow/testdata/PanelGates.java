package org.cytoarrow.testdata;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * A deliberately small Gating-ML reader and evaluator, for checking the panel against the generator without the
 * project's gating module: polygon, rectangle and quadrant gates, parent ids, compensation-ref "FCS" or
 * "uncompensated", one logicle transformation. Polygons use the even-odd rule; rectangle min inclusive, max
 * exclusive; a quadrant takes the side (value &gt;= divider or below) of each position's location.
 */
final class PanelGates {
    private static final String G = "http://www.isac-net.org/std/Gating-ML/v2.0/gating";
    private static final String T = "http://www.isac-net.org/std/Gating-ML/v2.0/transformations";
    private static final String D = "http://www.isac-net.org/std/Gating-ML/v2.0/datatypes";

    record Dim(String channel, boolean compensated, boolean logicle) {
    }

    /** One gate or quadrant: its dimensions, parent and a membership rule on the dimension values. */
    record Gate(String id, String parent, List<Dim> dims, Rule rule) {
    }

    interface Rule {
        boolean contains(double[] v);
    }

    final Map<String, Gate> gates = new LinkedHashMap<>();
    final Map<String, Double> dividers = new HashMap<>();
    TestLogicle logicle;

    PanelGates(Document doc) {
        Element root = doc.getDocumentElement();
        NodeList ts = root.getElementsByTagNameNS(T, "logicle");
        if (ts.getLength() > 0) {
            Element l = (Element) ts.item(0);
            logicle = new TestLogicle(num(l, T, "T"), num(l, T, "W"), num(l, T, "M"), num(l, T, "A"));
        }
        for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (!(n instanceof Element e) || !G.equals(e.getNamespaceURI())) {
                continue;
            }
            String id = e.getAttributeNS(G, "id");
            String parent = e.hasAttributeNS(G, "parent_id") ? e.getAttributeNS(G, "parent_id") : null;
            switch (e.getLocalName()) {
                case "PolygonGate" -> {
                    List<double[]> vs = new ArrayList<>();
                    for (Element v : children(e, G, "vertex")) {
                        List<Element> cs = children(v, G, "coordinate");
                        vs.add(new double[]{num(cs.get(0), D, "value"), num(cs.get(1), D, "value")});
                    }
                    gates.put(id, new Gate(id, parent, dims(e, "dimension"), x -> inPolygon(vs, x[0], x[1])));
                }
                case "RectangleGate" -> {
                    List<Element> ds = children(e, G, "dimension");
                    double[] min = new double[ds.size()];
                    double[] max = new double[ds.size()];
                    for (int i = 0; i < ds.size(); i++) {
                        Element de = ds.get(i);
                        min[i] = de.hasAttributeNS(G, "min") ? num(de, G, "min") : Double.NEGATIVE_INFINITY;
                        max[i] = de.hasAttributeNS(G, "max") ? num(de, G, "max") : Double.POSITIVE_INFINITY;
                    }
                    gates.put(id, new Gate(id, parent, dims(e, "dimension"), x -> {
                        for (int i = 0; i < x.length; i++) {
                            if (!(x[i] >= min[i] && x[i] < max[i])) {
                                return false;
                            }
                        }
                        return true;
                    }));
                }
                case "QuadrantGate" -> {
                    List<Element> divs = children(e, G, "divider");
                    List<String> divIds = new ArrayList<>();
                    for (Element div : divs) {
                        String did = div.getAttributeNS(G, "id");
                        divIds.add(did);
                        String value = children(div, G, "value").get(0).getTextContent().strip();
                        dividers.put(did, Double.parseDouble(value));
                    }
                    List<Dim> dims = dims(e, "divider");
                    for (Element q : children(e, G, "Quadrant")) {
                        double[] location = new double[divIds.size()];
                        for (Element pos : children(q, G, "position")) {
                            location[divIds.indexOf(pos.getAttributeNS(G, "divider_ref"))] = num(pos, G, "location");
                        }
                        gates.put(q.getAttributeNS(G, "id"), new Gate(q.getAttributeNS(G, "id"), parent, dims, x -> {
                            for (int i = 0; i < x.length; i++) {
                                double div = dividers.get(divIds.get(i));
                                if ((x[i] >= div) != (location[i] >= div)) {
                                    return false;
                                }
                            }
                            return true;
                        }));
                    }
                }
                default -> {
                }
            }
        }
    }

    /**
     * Membership of every event in every gate. {@code raw[c]} are the columns in {@link DemoCohort#CHANNELS}
     * order; fluorescence is compensated with {@code inverse} (the inverse of the file's spillover matrix).
     */
    Map<String, boolean[]> evaluate(double[][] raw, double[][] inverse) {
        int n = raw[0].length;
        List<String> fluorescence = DemoCohort.spillover().detectors();
        double[][] comp = new double[fluorescence.size()][n];
        for (int e = 0; e < n; e++) {
            for (int j = 0; j < comp.length; j++) {
                double s = 0;
                for (int i = 0; i < comp.length; i++) {
                    s += raw[DemoCohort.CHANNELS.indexOf(fluorescence.get(i))][e] * inverse[i][j];
                }
                comp[j][e] = s;
            }
        }
        Map<String, boolean[]> masks = new LinkedHashMap<>();
        for (Gate g : gates.values()) {
            boolean[] parent = g.parent() == null ? null : masks.get(g.parent());
            boolean[] m = new boolean[n];
            double[] x = new double[g.dims().size()];
            for (int e = 0; e < n; e++) {
                if (parent != null && !parent[e]) {
                    continue;
                }
                for (int k = 0; k < x.length; k++) {
                    Dim dim = g.dims().get(k);
                    double v = dim.compensated() ? comp[fluorescence.indexOf(dim.channel())][e]
                            : raw[DemoCohort.CHANNELS.indexOf(dim.channel())][e];
                    x[k] = dim.logicle() ? logicle.apply(v) : v;
                }
                m[e] = g.rule().contains(x);
            }
            masks.put(g.id(), m);
        }
        return masks;
    }

    static int count(boolean[] m) {
        int c = 0;
        for (boolean b : m) {
            c += b ? 1 : 0;
        }
        return c;
    }

    private static List<Dim> dims(Element gate, String tag) {
        List<Dim> out = new ArrayList<>();
        for (Element d : children(gate, G, tag)) {
            String comp = d.getAttributeNS(G, "compensation-ref");
            boolean transformed = d.hasAttributeNS(G, "transformation-ref");
            String name = ((Element) d.getElementsByTagNameNS(D, "fcs-dimension").item(0)).getAttributeNS(D, "name");
            out.add(new Dim(name, comp.equals("FCS"), transformed));
        }
        return out;
    }

    private static List<Element> children(Element e, String ns, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c && ns.equals(c.getNamespaceURI()) && name.equals(c.getLocalName())) {
                out.add(c);
            }
        }
        return out;
    }

    private static double num(Element e, String ns, String attr) {
        return Double.parseDouble(e.getAttributeNS(ns, attr));
    }

    /** Even-odd rule (ray casting to +x). */
    static boolean inPolygon(List<double[]> vs, double x, double y) {
        boolean inside = false;
        for (int i = 0, j = vs.size() - 1; i < vs.size(); j = i++) {
            double[] a = vs.get(i);
            double[] b = vs.get(j);
            if ((a[1] > y) != (b[1] > y) && x < (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1]) + a[0]) {
                inside = !inside;
            }
        }
        return inside;
    }
}
