package guides.esnode;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.cjk.CJKBigramFilter;
import org.apache.lucene.analysis.cjk.CJKWidthFilter;
import org.apache.lucene.analysis.core.WhitespaceTokenizer;
import org.elasticsearch.cluster.metadata.IndexNameExpressionResolver;
import org.elasticsearch.cluster.node.DiscoveryNodes;
import org.elasticsearch.cluster.service.ClusterService;
import org.elasticsearch.common.io.stream.NamedWriteableRegistry;
import org.elasticsearch.common.settings.ClusterSettings;
import org.elasticsearch.common.settings.IndexScopedSettings;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.common.settings.SettingsFilter;
import org.elasticsearch.features.NodeFeature;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.AbstractTokenFilterFactory;
import org.elasticsearch.index.analysis.AbstractTokenizerFactory;
import org.elasticsearch.index.analysis.NormalizingTokenFilterFactory;
import org.elasticsearch.index.analysis.TokenFilterFactory;
import org.elasticsearch.index.analysis.TokenizerFactory;
import org.elasticsearch.indices.analysis.AnalysisModule.AnalysisProvider;
import org.elasticsearch.lucene.analysis.miscellaneous.DisableGraphAttribute;
import org.elasticsearch.plugins.ActionPlugin;
import org.elasticsearch.plugins.AnalysisPlugin;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.rest.RestController;
import org.elasticsearch.rest.RestHandler;

/**
 * Test-only plugin for the throwaway Elasticsearch node of the guides test suite.
 *
 * <p>Maven Central carries the Elasticsearch 8 server and its minimal "integ-test" distribution,
 * but not the analysis-common or rest-root modules of the full distribution. This plugin adds
 * only what the project's index (search/engines/elastic.py) uses from them: the
 * {@code whitespace} tokenizer and the {@code cjk_width} and {@code cjk_bigram} token filters,
 * each a thin wrapper around the Lucene class that Elasticsearch's own component wraps, under the
 * same name and with the same parameters, so an index definition that works here works on a full
 * Elasticsearch 8 (production runs the official distribution, which has the real modules). It is
 * never installed in production.
 *
 * <p>The server core already provides the rest of what the index uses: tokenizer
 * {@code standard}, token filter {@code lowercase}, analyzer {@code keyword}. When the index
 * needs another analysis-common component, add it here (and to devservices/es_node/README.md).
 */
public final class GuidesTestShimPlugin extends Plugin implements AnalysisPlugin, ActionPlugin {

    private volatile ClusterService clusterService;

    @Override
    public Collection<?> createComponents(PluginServices services) {
        clusterService = services.clusterService();
        return List.of();
    }

    @Override
    public Collection<RestHandler> getRestHandlers(
        Settings settings,
        NamedWriteableRegistry namedWriteableRegistry,
        RestController restController,
        ClusterSettings clusterSettings,
        IndexScopedSettings indexScopedSettings,
        SettingsFilter settingsFilter,
        IndexNameExpressionResolver indexNameExpressionResolver,
        Supplier<DiscoveryNodes> nodesInCluster,
        java.util.function.Predicate<NodeFeature> clusterSupportsFeature
    ) {
        return List.of(new RootInfoHandler(() -> clusterService));
    }

    // ---------------------------------------------------------------- registrations

    @Override
    public Map<String, AnalysisProvider<TokenizerFactory>> getTokenizers() {
        return Map.of(
            "whitespace", (is, env, name, s) -> new AbstractTokenizerFactory(is, s, name) {
                private final int maxTokenLength = s.getAsInt("max_token_length", 255);

                @Override
                public Tokenizer create() {
                    return new WhitespaceTokenizer(maxTokenLength);
                }
            }
        );
    }

    @Override
    public Map<String, AnalysisProvider<TokenFilterFactory>> getTokenFilters() {
        return Map.of(
            "cjk_width", CjkWidthFactory::new,
            "cjk_bigram", CjkBigramFactory::new
        );
    }

    // ---------------------------------------------------------------- token filters

    /** cjk_width: also applied to query-time normalization (keyword normalizers, wildcards). */
    static final class CjkWidthFactory extends AbstractTokenFilterFactory implements NormalizingTokenFilterFactory {
        CjkWidthFactory(IndexSettings is, org.elasticsearch.env.Environment env, String name, Settings s) {
            super(name, s);
        }

        @Override
        public TokenStream create(TokenStream in) {
            return new CJKWidthFilter(in);
        }
    }

    /** cjk_bigram: ignored_scripts (han, hiragana, katakana, hangul) and output_unigrams. */
    static final class CjkBigramFactory extends AbstractTokenFilterFactory {
        private final int flags;
        private final boolean outputUnigrams;

        CjkBigramFactory(IndexSettings is, org.elasticsearch.env.Environment env, String name, Settings s) {
            super(name, s);
            outputUnigrams = s.getAsBoolean("output_unigrams", false);
            int f = CJKBigramFilter.HAN | CJKBigramFilter.HIRAGANA | CJKBigramFilter.KATAKANA | CJKBigramFilter.HANGUL;
            for (String script : s.getAsList("ignored_scripts")) {
                f &= ~switch (script.toLowerCase(Locale.ROOT)) {
                    case "han" -> CJKBigramFilter.HAN;
                    case "hiragana" -> CJKBigramFilter.HIRAGANA;
                    case "katakana" -> CJKBigramFilter.KATAKANA;
                    case "hangul" -> CJKBigramFilter.HANGUL;
                    default -> 0;
                };
            }
            flags = f;
        }

        @Override
        public TokenStream create(TokenStream in) {
            CJKBigramFilter filter = new CJKBigramFilter(in, flags, outputUnigrams);
            if (outputUnigrams) {
                // Unigrams and bigrams overlap without forming a usable graph: keep query
                // parsing from building a graph query out of them.
                filter.addAttribute(DisableGraphAttribute.class);
            }
            return filter;
        }
    }
}
