package org.cytoarrow.gating.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.apache.arrow.memory.BufferAllocator;
import org.cytoarrow.core.CytoException;
import org.cytoarrow.core.EventFrame;
import org.cytoarrow.core.Memory;
import org.cytoarrow.fcs.FcsReader;
import org.cytoarrow.gating.GatingResult;
import org.cytoarrow.core.compensation.SpilloverMatrix;
import org.cytoarrow.gating.BooleanGate;
import org.cytoarrow.gating.Dimension;
import org.cytoarrow.gating.EllipsoidGate;
import org.cytoarrow.gating.GatingStrategy;
import org.cytoarrow.gating.PolygonGate;
import org.cytoarrow.gating.QuadrantGate;
import org.cytoarrow.gating.RatioTransformation;
import org.cytoarrow.gating.RectangleGate;
import org.cytoarrow.gating.ScaleTransformation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xml.sax.SAXException;

class GatingMlTest {

    private static Path testdata() {
        String repo = System.getProperty("cytoarrow.repo.root");
        Path p = repo == null ? null : Path.of(repo).resolve("../shared/testdata/gatingml/gml").normalize();
        org.junit.jupiter.api.Assumptions.assumeTrue(p != null && Files.isDirectory(p),
                "../shared/testdata not found: skipping");
        return p;
    }

    private static Schema schema() throws SAXException {
        String repo = System.getProperty("cytoarrow.repo.root");
        Path specs = repo == null ? null : Path.of(repo).resolve("../shared/specs").normalize();
        org.junit.jupiter.api.Assumptions.assumeTrue(specs != null
                && Files.isRegularFile(specs.resolve("Gating-ML.v2.0.xsd")), "../shared/specs not found: skipping");
        SchemaFactory sf = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        sf.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        sf.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "file"); // the XSDs import each other by file name
        return sf.newSchema(new StreamSource(specs.resolve("Gating-ML.v2.0.xsd").toFile()));
    }

    private static void validate(Schema schema, String xml, String what) throws IOException, SAXException {
        Validator v = schema.newValidator();
        v.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        v.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        try {
            v.validate(new StreamSource(new StringReader(xml)));
        } catch (SAXException e) {
            throw new AssertionError(what + " written XML does not validate: " + e.getMessage() + "\n" + xml, e);
        }
    }

    @Test
    void everyComplianceFileRoundTripsThroughValidXml(@TempDir Path tmp) throws Exception {
        Schema schema = schema();
        List<Path> files;
        try (Stream<Path> s = Files.list(testdata())) {
            files = s.filter(p -> p.toString().endsWith(".xml")).sorted().toList();
        }
        assertEquals(47, files.size());
        try (BufferAllocator allocator = Memory.newRootAllocator()) {
            try (EventFrame data1 = FcsReader.read(testdata().resolve("../data1.fcs").normalize(), allocator)) {
                for (Path f : files) {
                    roundTrip(schema, f, tmp, data1);
                }
            }
            assertEquals(0, allocator.getAllocatedMemory());
        }
    }

    /** Write, validate against the XSDs, re-read: same model and same memberships on data1.fcs. */
    private static void roundTrip(Schema schema, Path f, Path tmp, EventFrame data1) throws Exception {
        GatingStrategy original = GatingMl.read(f);
        Path out = tmp.resolve(f.getFileName());
        GatingMl.write(original, out);
        String xml = Files.readString(out);
        validate(schema, xml, f.getFileName().toString());
        GatingStrategy again = GatingMl.read(out);
        assertEquals(original.gates(), again.gates(), f + " gates");
        assertEquals(original.transformations(), again.transformations(), f + " transformations");
        assertEquals(original.matrices(), again.matrices(), f + " matrices");
        assertEquals(original.populationIds(), again.populationIds(), f + " populations");
        GatingResult before = original.evaluate(data1);
        GatingResult after = again.evaluate(data1);
        for (String id : original.populationIds()) {
            assertEquals(before.mask(id), after.mask(id), f + " " + id);
        }
    }

    @Test
    void handBuiltStrategyWithEveryFeatureValidatesAndRoundTrips() throws Exception {
        Schema schema = schema();
        GatingStrategy s = everyFeature();
        String xml = GatingMl.toXml(s);
        validate(schema, xml, "hand-built");
        GatingStrategy again = GatingMl.read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), "mem");
        assertEquals(s.gates(), again.gates());
        assertEquals(s.transformations(), again.transformations());
        assertEquals(s.matrices(), again.matrices());
        assertEquals("/Cells/Q-lo/Not-Ell", again.pathOf("Not-Ell"));
    }

    /** Open bounds, transformation bounds, an inverted non-square matrix, a ratio, all gate kinds. */
    static GatingStrategy everyFeature() {
        var m = new SpilloverMatrix(List.of("FITC", "PE"), List.of("FL1", "FL2", "FL3"),
                new double[][] {{1.5, -0.1}, {-0.2, 1.25}, {0.01, 0.02}}, true);
        var logicle = ScaleTransformation.logicle("L", 262144, 0.5, 4.5, 0).withBounds(0, 1);
        var ratio = RatioTransformation.of("R", "FL1", "FL2", 2.5, -1e-3, 0.125);
        var cells = new RectangleGate("Cells", null, List.of(
                new RectangleGate.Range(Dimension.of("FSC"), 10, Double.POSITIVE_INFINITY),
                new RectangleGate.Range(Dimension.ratio("R", "uncompensated", null), Double.NEGATIVE_INFINITY, 3)));
        var quad = new QuadrantGate("Q", "Cells", List.of(
                new QuadrantGate.Divider("dx", Dimension.of("FITC", "M", "L"), List.of(0.25, 0.75)),
                new QuadrantGate.Divider("dy", Dimension.of("FL3", "FCS", null), List.of(100.0))),
                List.of(new QuadrantGate.Quadrant("Q-lo", Map.of("dx", 0.1)),
                        new QuadrantGate.Quadrant("Q-hi", Map.of("dx", 0.9, "dy", 200.0))));
        var poly = new PolygonGate("Poly", "Q-hi", Dimension.of("FL1"), Dimension.of("FL2"),
                List.of(new PolygonGate.Vertex(0, 0), new PolygonGate.Vertex(1e6, 0), new PolygonGate.Vertex(0, 3.5)));
        var ell = new EllipsoidGate("Ell", null, List.of(Dimension.of("FL1"), Dimension.of("FL2"),
                Dimension.of("FL3")), List.of(1.0, 2.0, 3.0),
                List.of(List.of(2.0, 0.5, 0.0), List.of(0.5, 1.0, 0.0), List.of(0.0, 0.0, 4.0)), 9);
        var not = new BooleanGate("Not-Ell", "Q-lo", BooleanGate.Op.NOT,
                List.of(new BooleanGate.Operand("Ell", false)));
        var or = new BooleanGate("Or", null, BooleanGate.Op.OR,
                List.of(new BooleanGate.Operand("Poly", true), new BooleanGate.Operand("Ell", false)));
        return new GatingStrategy(List.of(cells, quad, poly, ell, not, or), Map.of("L", logicle, "R", ratio),
                Map.of("M", m));
    }

    @Test
    void idsThatAreNotXmlNamesAreRefusedOnWrite() {
        var g = new RectangleGate("CD4+", null,
                List.of(new RectangleGate.Range(Dimension.of("FL1"), 1, Double.POSITIVE_INFINITY)));
        var s = new GatingStrategy(List.of(g), Map.of(), Map.of());
        CytoException e = assertThrows(CytoException.class, () -> GatingMl.toXml(s));
        assertTrue(e.getMessage().contains("'CD4+' is not an XML NCName"), e.getMessage());
    }

    @Test
    void externalEntityIsRefusedWithTheFileName(@TempDir Path tmp) throws IOException {
        Path secret = tmp.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET");
        Path xxe = tmp.resolve("xxe-gates.xml");
        Files.writeString(xxe, "<?xml version=\"1.0\"?>\n"
                + "<!DOCTYPE g [ <!ENTITY x SYSTEM \"" + secret.toUri() + "\"> ]>\n"
                + "<gating:Gating-ML xmlns:gating=\"http://www.isac-net.org/std/Gating-ML/v2.0/gating\""
                + " xmlns:data-type=\"http://www.isac-net.org/std/Gating-ML/v2.0/datatypes\">\n"
                + "<gating:RectangleGate gating:id=\"R&x;\"><gating:dimension gating:compensation-ref=\"uncompensated\""
                + " gating:min=\"1\"><data-type:fcs-dimension data-type:name=\"FSC\"/></gating:dimension>"
                + "</gating:RectangleGate></gating:Gating-ML>\n");
        CytoException e = assertThrows(CytoException.class, () -> GatingMl.read(xxe));
        assertTrue(e.getMessage().contains("xxe-gates.xml"), e.getMessage());
        assertTrue(e.getMessage().contains("DOCTYPE"), e.getMessage());
        assertTrue(!e.getMessage().contains("TOP-SECRET"), e.getMessage());
        assertEquals("GATINGML_MALFORMED", e.code());
    }

    @Test
    void entityExpansionBombIsRefused() {
        String bomb = "<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;\">]>"
                + "<gating:Gating-ML xmlns:gating=\"http://www.isac-net.org/std/Gating-ML/v2.0/gating\">&b;"
                + "</gating:Gating-ML>";
        CytoException e = assertThrows(CytoException.class,
                () -> GatingMl.read(new ByteArrayInputStream(bomb.getBytes(StandardCharsets.UTF_8)), "bomb.xml"));
        assertTrue(e.getMessage().startsWith("bomb.xml: "), e.getMessage());
    }

    @Test
    void badInputGivesCytoExceptionsNamingFileAndGate() {
        String head = "<gating:Gating-ML xmlns:gating=\"http://www.isac-net.org/std/Gating-ML/v2.0/gating\""
                + " xmlns:data-type=\"http://www.isac-net.org/std/Gating-ML/v2.0/datatypes\">";
        String dim = "<gating:dimension gating:compensation-ref=\"uncompensated\" gating:min=\"%s\">"
                + "<data-type:fcs-dimension data-type:name=\"FSC\"/></gating:dimension>";
        Map<String, String> cases = Map.of(
                "not a number", head + "<gating:RectangleGate gating:id=\"R1\">" + String.format(dim, "abc")
                        + "</gating:RectangleGate></gating:Gating-ML>",
                "unknown population 'Nope'", head + "<gating:RectangleGate gating:id=\"R1\" gating:parent_id=\"Nope\">"
                        + String.format(dim, "1") + "</gating:RectangleGate></gating:Gating-ML>",
                "line 1", head + "<gating:RectangleGate gating:id=\"R1\">",
                "expected <Gating-ML>", "<other/>",
                "this looks like a FlowJo workspace: export its gates as Gating-ML 2.0",
                "<Workspace version=\"20.0\"><Groups/></Workspace>",
                "this is Gating-ML 1.x, which is not read", "<gating:Gating-ML xmlns:gating="
                        + "\"http://www.isac-net.org/std/Gating-ML/v1.5/gating\"/>",
                "needs at least 3 vertices", head + "<gating:PolygonGate gating:id=\"P\">"
                        + String.format(dim, "1") + String.format(dim, "1")
                        + "</gating:PolygonGate></gating:Gating-ML>",
                "Logicle W must be in", head.replace("datatypes\"", "datatypes\""
                        + " xmlns:transforms=\"http://www.isac-net.org/std/Gating-ML/v2.0/transformations\"")
                        + "<transforms:transformation transforms:id=\"L\"><transforms:logicle transforms:T=\"1000\""
                        + " transforms:W=\"3\" transforms:M=\"4.5\" transforms:A=\"0\"/></transforms:transformation>"
                        + "</gating:Gating-ML>",
                "cycle", head + "<gating:BooleanGate gating:id=\"A\" gating:parent_id=\"B\"><gating:not>"
                        + "<gating:gateReference gating:ref=\"B\"/></gating:not></gating:BooleanGate>"
                        + "<gating:BooleanGate gating:id=\"B\"><gating:not><gating:gateReference gating:ref=\"A\"/>"
                        + "</gating:not></gating:BooleanGate></gating:Gating-ML>");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            CytoException e = assertThrows(CytoException.class, () -> GatingMl.read(
                    new ByteArrayInputStream(c.getValue().getBytes(StandardCharsets.UTF_8)), "bad.xml"), c.getKey());
            assertTrue(e.getMessage().startsWith("bad.xml: "), e.getMessage());
            assertTrue(e.getMessage().contains(c.getKey()), c.getKey() + " not in: " + e.getMessage());
        }
    }
}
