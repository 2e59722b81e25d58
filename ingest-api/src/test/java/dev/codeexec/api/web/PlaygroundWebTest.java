package dev.codeexec.api.web;

import static dev.codeexec.api.support.ProblemMatchers.problem;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.forwardedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The playground page at {@code /} and its assets (bundled into the jar by the build) need no API
 * key; the API behind it still does.
 */
// the same properties as StatsWebTest, so the two share one cached application context
@WebMvcTest(properties = {"codeexec.api.key=test-key", "codeexec.api.admin-key=admin-key"})
@Import(WebSliceConfig.class)
class PlaygroundWebTest {

    @Autowired MockMvc mvc;

    @Test
    void theRootIsThePlaygroundPage() throws Exception {
        mvc.perform(get("/")).andExpect(status().isOk()).andExpect(forwardedUrl("index.html"));
        mvc.perform(get("/index.html"))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.TEXT_HTML))
                .andExpect(content().string(Matchers.containsString("<title>codeexec playground</title>")));
    }

    @Test
    void itsBundledScriptAndStylesAreServedWithoutAKey() throws Exception {
        mvc.perform(get("/playground.js"))
                .andExpect(status().isOk())
                // the bundle holds CodeMirror (its editor class) and the page's own code
                .andExpect(content().string(Matchers.containsString("cm-editor")))
                .andExpect(content().string(Matchers.containsString("api/v1/submissions")));
        mvc.perform(get("/playground.css")).andExpect(status().isOk());
    }

    @Test
    void theApiBehindItStillWantsAKey() throws Exception {
        mvc.perform(get("/api/v1/submissions/6c1f0000-0000-0000-0000-000000000000"))
                .andExpect(problem(401));
    }
}
