package org.cytoarrow.gating.xml;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.cytoarrow.core.CytoException;
import org.cytoarrow.gating.GatingStrategy;
import org.w3c.dom.Document;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Reads and writes Gating-ML 2.0 (namespaces {@value #GATING}, {@value #TRANSFORMS}, {@value #DATA_TYPE}).
 *
 * <p>Parsing is hardened: DOCTYPE declarations are refused (which rules out external entities and entity
 * expansion), external DTDs and schemas are never fetched, and the JDK's secure-processing limits apply. Every
 * problem surfaces as a {@link CytoException} naming the file and, where known, the line or the gate.
 *
 * <p>The reader accepts gates, transformations and spectrum matrices wherever they occur below the root (some
 * files in the wild wrap them in foreign elements), in document order; custom_info is ignored. The writer emits
 * XML that validates against the Gating-ML 2.0 XSDs.
 */
public final class GatingMl {
    /** The gating namespace. */
    public static final String GATING = "http://www.isac-net.org/std/Gating-ML/v2.0/gating";
    /** The transformations namespace. */
    public static final String TRANSFORMS = "http://www.isac-net.org/std/Gating-ML/v2.0/transformations";
    /** The data types namespace. */
    public static final String DATA_TYPE = "http://www.isac-net.org/std/Gating-ML/v2.0/datatypes";

    private GatingMl() {
    }

    /** Reads a Gating-ML 2.0 file. */
    public static GatingStrategy read(Path path) {
        String source = path.toString();
        try (InputStream in = Files.newInputStream(path)) {
            return read(in, source);
        } catch (IOException e) {
            throw new CytoException("IO_ERROR", source, null, source + ": cannot read Gating-ML file: " + e, e);
        }
    }

    /** Reads Gating-ML 2.0 from a stream; {@code source} names it in messages. Does not close the stream. */
    public static GatingStrategy read(InputStream in, String source) {
        Document doc = parse(in, source);
        return new GatingMlReader(source).read(doc);
    }

    /** The strategy as a Gating-ML 2.0 document. */
    public static String toXml(GatingStrategy strategy) {
        StringWriter w = new StringWriter();
        write(strategy, w);
        return w.toString();
    }

    /** Writes the strategy as Gating-ML 2.0, atomically (temporary file in the same directory, then a move). */
    public static void write(GatingStrategy strategy, Path path) {
        Path abs = path.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, "." + abs.getFileName(), ".tmp");
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                write(strategy, w);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException e) {
            throw new CytoException("IO_ERROR", path.toString(), null, path + ": cannot write Gating-ML: " + e, e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort
                }
            }
        }
    }

    private static void write(GatingStrategy strategy, Writer out) {
        Document doc = new GatingMlWriter(newBuilder("output")).toDocument(strategy);
        try {
            TransformerFactory tf = TransformerFactory.newInstance();
            tf.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            tf.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            tf.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
            Transformer t = tf.newTransformer();
            t.setOutputProperty(OutputKeys.INDENT, "yes");
            t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            t.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "2");
            t.transform(new DOMSource(doc), new StreamResult(out));
        } catch (TransformerException e) {
            throw new CytoException("GATINGML_WRITE", null, null, "Cannot serialise Gating-ML: " + e.getMessage(), e);
        }
    }

    private static Document parse(InputStream in, String source) {
        DocumentBuilder builder = newBuilder(source);
        try {
            return builder.parse(in, source);
        } catch (SAXParseException e) {
            String where = "line " + e.getLineNumber() + ", column " + e.getColumnNumber();
            throw new CytoException("GATINGML_MALFORMED", source, where,
                    source + ": not well-formed or refused XML at " + where + ": " + e.getMessage(), e);
        } catch (SAXException e) {
            throw new CytoException("GATINGML_MALFORMED", source, null,
                    source + ": refused XML: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new CytoException("IO_ERROR", source, null, source + ": cannot read Gating-ML: " + e, e);
        }
    }

    static DocumentBuilder newBuilder(String source) {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        try {
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(new org.xml.sax.ErrorHandler() {
                @Override
                public void warning(SAXParseException e) {
                    // not an error
                }

                @Override
                public void error(SAXParseException e) throws SAXException {
                    throw e;
                }

                @Override
                public void fatalError(SAXParseException e) throws SAXException {
                    throw e;
                }
            });
            b.setEntityResolver((publicId, systemId) -> {
                throw new SAXException("external entity " + systemId + " refused");
            });
            return b;
        } catch (ParserConfigurationException e) {
            throw new CytoException("XML_CONFIG", source, null, "XML parser cannot be secured: " + e.getMessage(), e);
        }
    }
}
