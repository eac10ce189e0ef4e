package org.clipfusion.testing;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The configuration reference of one component as Markdown, generated from the metatype bnd writes into its bundle
 * ({@code OSGI-INF/metatype/*.xml}): the PID to name the {@code .cfg} file after, and one row per key with its type,
 * default and description. The descriptions are those of the component's own {@code @AttributeDefinition}s, so the
 * documentation cannot say something the component does not do.
 */
public final class MetatypeReference {
    private MetatypeReference() {
    }

    /** The Markdown block for the metatype document {@code xml}. */
    public static String markdown(InputStream xml) throws IOException {
        Document document = parse(xml);
        Element ocd = (Element) document.getElementsByTagName("OCD").item(0);
        Element designate = (Element) document.getElementsByTagName("Designate").item(0);
        if (ocd == null || designate == null) {
            throw new IOException("not a metatype document with an OCD and a Designate");
        }
        String pid = designate.hasAttribute("factoryPid") ? designate.getAttribute("factoryPid")
                : designate.getAttribute("pid");
        boolean factory = designate.hasAttribute("factoryPid");
        StringBuilder out = new StringBuilder();
        out.append("**").append(ocd.getAttribute("name")).append("**: ").append(ocd.getAttribute("description"))
                .append(".\n\n");
        out.append(factory
                ? "Factory PID `" + pid + "`: one file `etc/" + pid + "-NAME.cfg` per instance.\n\n"
                : "PID `" + pid + "`: the file `etc/" + pid + ".cfg`.\n\n");
        out.append("| key | type | default | description |\n|---|---|---|---|\n");
        NodeList attributes = ocd.getElementsByTagName("AD");
        for (int i = 0; i < attributes.getLength(); i++) {
            Element ad = (Element) attributes.item(i);
            out.append("| `").append(ad.getAttribute("id")).append("` | ").append(type(ad)).append(" | ")
                    .append(defaultOf(ad)).append(" | ").append(cell(ad.getAttribute("description")))
                    .append(options(ad)).append(" |\n");
        }
        return out.toString();
    }

    private static String type(Element ad) {
        String cardinality = ad.getAttribute("cardinality");
        boolean list = !cardinality.isEmpty() && !cardinality.equals("0");
        return ad.getAttribute("type") + (list ? " list" : "");
    }

    private static String defaultOf(Element ad) {
        if (!ad.hasAttribute("default")) {
            return "(required)";
        }
        String value = ad.getAttribute("default");
        return value.isEmpty() ? "(empty)" : "`" + value.replace("|", "\\|") + "`";
    }

    private static String options(Element ad) {
        NodeList options = ad.getElementsByTagName("Option");
        if (options.getLength() == 0) {
            return "";
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < options.getLength(); i++) {
            values.add("`" + ((Element) options.item(i)).getAttribute("value") + "`");
        }
        return " One of " + String.join(", ", values) + ".";
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }

    private static Document parse(InputStream xml) throws IOException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(xml);
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException("cannot read the metatype document: " + e.getMessage(), e);
        }
    }
}
