package dev.fullchain.selftest.helm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fullchain.model.helm.EmptyLookup;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Which {@code lookup} a template rewrite touches: the function inside actions, nothing else, no line moved. */
@Tag("selftest")
class EmptyLookupTest {

    @Test
    void replacesTheFunctionInActions() {
        assertThat(EmptyLookup.rewrite("{{- $s := lookup \"v1\" \"Secret\" .Release.Namespace \"db\" }}"))
                .isEqualTo("{{- $s := omit (dict) \"v1\" \"Secret\" .Release.Namespace \"db\" }}");
        assertThat(EmptyLookup.rewrite("{{ if (lookup \"v1\" \"Namespace\" \"\" \"x\") }}a{{ end }}"))
                .isEqualTo("{{ if (omit (dict) \"v1\" \"Namespace\" \"\" \"x\") }}a{{ end }}");
    }

    @Test
    void leavesTextStringsCommentsFieldsAndVariablesAlone() {
        String template = "lookup: {{ .Values.lookup }} {{ $lookup := 1 }} {{ \"lookup\" }} {{/* lookup */}} {{ `lookup` }}\n"
                + "# lookup in YAML text\n{{ include \"lookupName\" . }}";
        assertThat(EmptyLookup.rewrite(template)).isEqualTo(template);
    }

    @Test
    void keepsEveryLine() {
        String template = "a\n{{- $x := lookup \"v1\" \"Secret\"\n  \"ns\" \"n\" }}\nb\n";
        assertThat(EmptyLookup.rewrite(template).lines().count()).isEqualTo(template.lines().count());
    }
}
