package dev.selfheal.provider.vsphere.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.spi.Redactor;
import dev.selfheal.spi.Secret;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Building envelopes and reading answers and faults, on answers as vcsim and vCenter write them. */
class SoapMessagesTest {

    static final String ENV = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><soapenv:Envelope"
            + " xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\""
            + " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><soapenv:Body>%s</soapenv:Body></soapenv:Envelope>";

    static String envelope(String body) {
        return String.format(ENV, body);
    }

    @Test
    void requestsEscapeValuesAndNeverPrintTheirBody() {
        SoapRequest login = SoapRequest.of("Login", MoRef.of("SessionManager", "SessionManager"),
                w -> w.text("userName", "admin@vsphere.local").text("password", "p<&>\"'w"));

        assertThat(login.envelope()).contains("<Login xmlns=\"urn:vim25\"><_this type=\"SessionManager\">SessionManager</_this>")
                .contains("<password>p&lt;&amp;&gt;&quot;&apos;w</password>");
        assertThat(XmlNode.parse(login.envelope()).path("Body", "Login", "password").orElseThrow().text()).isEqualTo("p<&>\"'w");
        assertThat(login.toString()).isEqualTo("SoapRequest[Login]").doesNotContain("p<&>");
    }

    @Test
    void writerRefusesUnbalancedElements() {
        assertThatThrownBy(() -> SoapRequest.of("X", MoRef.of("T", "v"), w -> w.start("spec")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("unclosed");
    }

    @Test
    void aSoapFaultBecomesATypedException() {
        String body = envelope("<soapenv:Fault><faultcode>ServerFaultCode</faultcode><faultstring>Login failure</faultstring>"
                + "<detail><InvalidLoginFault xmlns=\"urn:vim25\" xsi:type=\"InvalidLogin\"></InvalidLoginFault></detail>"
                + "</soapenv:Fault>");

        assertThatThrownBy(() -> SoapResponseParser.parse("Login", 500, body, Redactor.none())).isInstanceOf(VimFaultException.class)
                .hasMessage("Login failed with InvalidLogin: Login failure")
                .satisfies(e -> assertThat(((VimFaultException) e).is("InvalidLogin")).isTrue());
    }

    @Test
    void aFaultWithoutXsiTypeIsNamedByItsElementAndKeepsItsFields() {
        String body = envelope("<soapenv:Fault><faultcode>ServerFaultCode</faultcode><faultstring></faultstring><detail>"
                + "<NoPermissionFault xmlns=\"urn:vim25\"><object type=\"VirtualMachine\">vm-7</object>"
                + "<privilegeId>VirtualMachine.Interact.PowerOff</privilegeId></NoPermissionFault></detail></soapenv:Fault>");

        assertThatThrownBy(() -> SoapResponseParser.parse("PowerOffVM_Task", 500, body, Redactor.none()))
                .isInstanceOf(VimFaultException.class)
                .hasMessageContaining("NoPermission").hasMessageContaining("privilegeId=VirtualMachine.Interact.PowerOff")
                .satisfies(e -> assertThat(((VimFaultException) e).fault().field("object")).contains("vm-7"));
    }

    @Test
    void answersThatAreNotVim25AreTransportErrors() {
        assertThatThrownBy(() -> SoapResponseParser.parse("Login", 502, "<html>Bad Gateway</html", Redactor.none()))
                .isInstanceOf(VimTransportException.class).hasMessageContaining("HTTP 502")
                .satisfies(e -> assertThat(((VimTransportException) e).kind()).isEqualTo(VimTransportException.Kind.UNREACHABLE));
        assertThatThrownBy(() -> SoapResponseParser.parse("Login", 200, "{\"json\":true}", Redactor.none()))
                .isInstanceOf(VimTransportException.class)
                .satisfies(e -> assertThat(((VimTransportException) e).kind()).isEqualTo(VimTransportException.Kind.PROTOCOL));
        assertThatThrownBy(() -> SoapResponseParser.parse("Login", 503, envelope("<LoginResponse xmlns=\"urn:vim25\"/>"), Redactor.none()))
                .isInstanceOf(VimTransportException.class).hasMessageContaining("HTTP 503");
    }

    @Test
    void aServerEchoingTheLoginInAFaultOrAnErrorPageShowsNoFormOfThePassword() {
        String password = "Canary <&> p@ss/word+";
        Redactor redactor = Redactor.forCredentials("administrator", Secret.of(password));
        String xmlPassword = password.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        String fault = envelope("<soapenv:Fault><faultcode>ServerFaultCode</faultcode><faultstring>cannot parse Login:"
                + " <userName>administrator</userName><password>" + xmlPassword + "</password> (basic "
                + java.util.Base64.getEncoder().encodeToString(("administrator:" + password).getBytes(
                        java.nio.charset.StandardCharsets.UTF_8)) + ")</faultstring><detail><InvalidRequestFault"
                + " xmlns=\"urn:vim25\" xsi:type=\"InvalidRequest\"><echo>" + xmlPassword + "</echo></InvalidRequestFault>"
                + "</detail></soapenv:Fault>");
        assertThatThrownBy(() -> SoapResponseParser.parse("Login", 500, fault, redactor))
                .isInstanceOf(VimFaultException.class).hasMessageContaining("InvalidRequest").hasMessageContaining("****")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("Canary"))
                .satisfies(e -> assertThat(((VimFaultException) e).fault().toString()).doesNotContain("Canary"));
        String page = "<html>echo: userName=administrator&password="
                + java.net.URLEncoder.encode(password, java.nio.charset.StandardCharsets.UTF_8) + " " + password + "</htm";
        assertThatThrownBy(() -> SoapResponseParser.parse("Login", 502, page, redactor))
                .isInstanceOf(VimTransportException.class).hasMessageContaining("not XML")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("Canary"))
                .satisfies(e -> assertThat(e.getCause()).isNull());
    }

    @Test
    void doctypesAreRefused() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>";
        assertThatThrownBy(() -> XmlNode.parse(xxe)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void missingSetFaultsAreRaisedSoAnExpiredSessionIsNoticed() {
        XmlNode response = SoapResponseParser.parse("RetrievePropertiesEx", 200, envelope(
                "<RetrievePropertiesExResponse xmlns=\"urn:vim25\"><returnval><objects><obj type=\"SessionManager\">SessionManager</obj>"
                + "<missingSet><path>currentSession</path><fault><fault xmlns:_XMLSchema-instance=\"http://www.w3.org/2001/XMLSchema-instance\""
                + " _XMLSchema-instance:type=\"NotAuthenticated\"><object type=\"SessionManager\">SessionManager</object>"
                + "<privilegeId>System.Read</privilegeId></fault></fault></missingSet></objects></returnval></RetrievePropertiesExResponse>"), Redactor.none());

        assertThatThrownBy(() -> PropertyRetrieval.parse("RetrievePropertiesEx", response))
                .isInstanceOf(VimFaultException.class)
                .satisfies(e -> assertThat(((VimFaultException) e).is("NotAuthenticated")).isTrue())
                .hasMessageContaining("currentSession");
    }

    @Test
    void propertiesAndPagingTokensAreRead() {
        XmlNode response = SoapResponseParser.parse("RetrievePropertiesEx", 200, envelope(
                "<RetrievePropertiesExResponse xmlns=\"urn:vim25\"><returnval><token>7</token>"
                + "<objects><obj type=\"VirtualMachine\">vm-62</obj><propSet><name>name</name>"
                + "<val xmlns:x=\"http://www.w3.org/2001/XMLSchema-instance\" x:type=\"xsd:string\">web-1</val></propSet></objects>"
                + "</returnval></RetrievePropertiesExResponse>"), Redactor.none());

        PropertyRetrieval.Page page = PropertyRetrieval.parse("RetrievePropertiesEx", response);

        assertThat(page.token()).contains("7");
        assertThat(page.objects()).hasSize(1);
        assertThat(page.objects().get(0).obj()).isEqualTo(MoRef.of("VirtualMachine", "vm-62"));
        assertThat(page.objects().get(0).text("name")).contains("web-1");
        assertThat(page.objects().get(0).get("name").orElseThrow().xsiType()).isEqualTo("string");
    }

    @Test
    void taskErrorsAreReadFromTheLocalizedFault() {
        XmlNode error = XmlNode.parse("<val xmlns:x=\"http://www.w3.org/2001/XMLSchema-instance\" x:type=\"LocalizedMethodFault\">"
                + "<fault x:type=\"InvalidPowerState\"><requestedState>poweredOff</requestedState>"
                + "<existingState>poweredOff</existingState></fault><localizedMessage>*types.InvalidPowerState</localizedMessage></val>");

        VimFault f = VimFault.fromLocalizedMethodFault(error);

        assertThat(f.type()).isEqualTo("InvalidPowerState");
        assertThat(f.field("existingState")).contains("poweredOff");
        assertThat(f.toString()).isEqualTo("InvalidPowerState (requestedState=poweredOff, existingState=poweredOff)");
        assertThat(new VimTaskFailedException("PowerOffVM_Task", MoRef.of("Task", "task-9"), f, "VM 'web-1' (vm-62)"))
                .hasMessage("PowerOffVM_Task task task-9 on VM 'web-1' (vm-62) failed with InvalidPowerState"
                        + " (requestedState=poweredOff, existingState=poweredOff)");
    }

    @Test
    void echoedDevicesKeepTheirTypesForOurEnvelope() {
        XmlNode device = XmlNode.parse("<VirtualDevice xmlns=\"urn:vim25\" xmlns:_x=\"http://www.w3.org/2001/XMLSchema-instance\""
                + " xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" _x:type=\"VirtualDisk\"><key>204</key>"
                + "<backing _x:type=\"VirtualDiskFlatVer2BackingInfo\"><fileName>[ds] a &amp; b.vmdk</fileName>"
                + "<datastore type=\"Datastore\">datastore-59</datastore></backing><note _x:type=\"xsd:int\">1</note></VirtualDevice>");

        String xml = device.toXml("device");

        assertThat(xml).isEqualTo("<device xsi:type=\"VirtualDisk\"><key>204</key><backing xsi:type=\"VirtualDiskFlatVer2BackingInfo\">"
                + "<fileName>[ds] a &amp; b.vmdk</fileName><datastore type=\"Datastore\">datastore-59</datastore></backing>"
                + "<note xsi:type=\"xsd:int\">1</note></device>");
        SoapRequest r = SoapRequest.of("ReconfigVM_Task", MoRef.of("VirtualMachine", "vm-62"),
                w -> w.start("spec").start("deviceChange").text("operation", "remove").raw(xml).end().end());
        assertThat(XmlNode.parse(r.envelope()).path("Body", "ReconfigVM_Task", "spec", "deviceChange", "device")
                .orElseThrow().xsiType()).isEqualTo("VirtualDisk");
        assertThat(List.of(device.children().get(0).name())).containsExactly("key");
    }
}
