package dev.selfheal.provider.vsphere;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.provider.vsphere.internal.MoRef;
import dev.selfheal.spi.MachineRef;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VmProvenanceTest {

    private static final String UUID = "4237e0b1-5e43-2c4b-7b8d-0e3a6f1c9d21";

    @Test
    void roundTripsThroughTheAnnotationValueEvenWithSeparatorsInTheName() {
        VmProvenance p = new VmProvenance(UUID.toUpperCase(), "web;1=a b", MoRef.of("Folder", "group-v3"),
                MoRef.of("ResourcePool", "resgroup-9"), MoRef.of("Datastore", "datastore-12"));

        VmProvenance back = VmProvenance.parse(p.format());

        assertThat(back).isEqualTo(p);
        assertThat(back.uuid()).isEqualTo(UUID);
        assertThat(p.format()).startsWith("v1;uuid=" + UUID + ";name=web%3B1%3Da+b;");
    }

    @Test
    void aMachineCarriesOnlyTheProvenanceOfItsOwnUuid() {
        String raw = new VmProvenance(UUID, "web-1", MoRef.of("Folder", "f"), MoRef.of("ResourcePool", "p"), null).format();

        assertThat(VmProvenance.of(new MachineRef("vsphere", UUID, "web-1", Map.of(VmProvenance.ATTRIBUTE, raw))))
                .map(VmProvenance::name).contains("web-1");
        assertThat(VmProvenance.of(new MachineRef("vsphere", "11111111-2222-3333-4444-555555555555", "web-1",
                Map.of(VmProvenance.ATTRIBUTE, raw)))).isEmpty();
        assertThat(VmProvenance.of(MachineRef.of("vsphere", UUID, "web-1"))).isEmpty();
    }

    @Test
    void malformedValuesAreRefusedNamingTheAnnotation() {
        assertThatThrownBy(() -> VmProvenance.parse("v2;uuid=x")).hasMessageContaining(VmProvenance.ANNOTATION)
                .hasMessageContaining("v1;");
        assertThatThrownBy(() -> VmProvenance.parse("v1;uuid=" + UUID + ";name=a;folder=Pool:x;pool=ResourcePool:p"))
                .hasMessageContaining("Folder reference");
        assertThatThrownBy(() -> VmProvenance.parse("v1;uuid")).hasMessageContaining("key=value");
        assertThatThrownBy(() -> VmProvenance.parse("v1;uuid=" + UUID)).hasMessageContaining("Folder reference").hasMessageContaining("got null");
        assertThatThrownBy(() -> VmProvenance.parse("v1;name=a;folder=Folder:f;pool=ResourcePool:p"))
                .hasMessageContaining("needs uuid, name, folder and pool");
    }
}
