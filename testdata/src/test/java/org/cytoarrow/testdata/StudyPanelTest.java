package org.cytoarrow.testdata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class StudyPanelTest {
    private static final String GATING_NS = "http://www.isac-net.org/std/Gating-ML/v2.0/gating";
    private static final String DATATYPE_NS = "http://www.isac-net.org/std/Gating-ML/v2.0/datatypes";

    @Test
    void gatingFilesValidateAgainstTheGatingMl20Schema() throws Exception {
        String root = System.getProperty("cytoarrow.repo.root");
        Path xsd = root == null ? null : Path.of(root, "..", "shared", "specs", "Gating-ML.v2.0.xsd");
        Assumptions.assumeTrue(xsd != null && Files.exists(xsd), "../shared/specs not found: skipping XSD check");
        SchemaFactory sf = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        sf.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        sf.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "file");
        Schema schema = sf.newSchema(xsd.toFile());
        for (String name : List.of(StudyPanel.MYELOMA_GATING, StudyPanel.APOPTOSIS_GATING)) {
            try (InputStream in = StudyPanel.open(name)) {
                var validator = schema.newValidator();
                validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
                validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
                validator.validate(new StreamSource(in, name));
            }
        }
    }

    @Test
    void gateIdsAndChannelsMatchThePanelDescription() throws Exception {
        Properties p = StudyPanel.properties();
        List<String> channels = List.of(p.getProperty("channels").split(","));
        assertEquals(DemoCohort.CHANNELS, channels);
        for (String file : List.of(StudyPanel.MYELOMA_GATING, StudyPanel.APOPTOSIS_GATING)) {
            Document doc = parse(file);
            List<String> ids = new ArrayList<>();
            NodeList all = doc.getDocumentElement().getElementsByTagNameNS(GATING_NS, "*");
            for (int i = 0; i < all.getLength(); i++) {
                Element e = (Element) all.item(i);
                if (e.hasAttributeNS(GATING_NS, "id")) {
                    ids.add(e.getAttributeNS(GATING_NS, "id"));
                }
            }
            for (String gate : p.getProperty("populations." + file).split(",")) {
                assertTrue(ids.contains(gate), file + " defines gate " + gate);
                assertTrue(p.getProperty("population." + gate + ".path").endsWith("/" + gate));
            }
            NodeList dims = doc.getElementsByTagNameNS(DATATYPE_NS, "fcs-dimension");
            for (int i = 0; i < dims.getLength(); i++) {
                String name = ((Element) dims.item(i)).getAttributeNS(DATATYPE_NS, "name");
                assertTrue(channels.contains(name), file + " uses channel " + name);
            }
        }
        for (String tube : p.getProperty("tubes").split(",")) {
            assertTrue(StudyPanel.FILES.contains(p.getProperty("tube." + tube + ".gating")), tube);
        }
        assertEquals(DemoCohort.TUBES, List.of(p.getProperty("tubes").split(",")));
        assertEquals(DemoCohort.spillover().detectors(), List.of(p.getProperty("compensation.detectors").split(",")));
        assertEquals("99.5", p.getProperty("threshold.il6.percentile"));
    }

    @Test
    void copiesEveryFile(@TempDir Path dir) {
        StudyPanel.copyTo(dir.resolve("panel"));
        for (String name : StudyPanel.FILES) {
            assertTrue(Files.isRegularFile(dir.resolve("panel").resolve(name)), name);
        }
    }

    static Document parse(String name) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        try (InputStream in = StudyPanel.open(name)) {
            return f.newDocumentBuilder().parse(in);
        }
    }
}
