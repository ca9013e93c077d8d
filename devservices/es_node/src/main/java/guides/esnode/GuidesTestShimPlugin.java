package guides.esnode;

import java.io.IOException;
import java.io.Reader;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntPredicate;
import java.util.function.Supplier;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.cjk.CJKAnalyzer;
import org.apache.lucene.analysis.cjk.CJKBigramFilter;
import org.apache.lucene.analysis.cjk.CJKWidthFilter;
import org.apache.lucene.analysis.core.DecimalDigitFilter;
import org.apache.lucene.analysis.core.KeywordTokenizer;
import org.apache.lucene.analysis.core.LetterTokenizer;
import org.apache.lucene.analysis.core.UpperCaseFilter;
import org.apache.lucene.analysis.core.WhitespaceTokenizer;
import org.apache.lucene.analysis.en.KStemFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.miscellaneous.LengthFilter;
import org.apache.lucene.analysis.miscellaneous.RemoveDuplicatesTokenFilter;
import org.apache.lucene.analysis.miscellaneous.TrimFilter;
import org.apache.lucene.analysis.miscellaneous.TruncateTokenFilter;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenFilter;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenizer;
import org.apache.lucene.analysis.ngram.NGramTokenFilter;
import org.apache.lucene.analysis.ngram.NGramTokenizer;
import org.apache.lucene.analysis.reverse.ReverseStringFilter;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
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
import org.elasticsearch.index.analysis.AbstractIndexAnalyzerProvider;
import org.elasticsearch.index.analysis.AbstractTokenFilterFactory;
import org.elasticsearch.index.analysis.AbstractTokenizerFactory;
import org.elasticsearch.index.analysis.Analysis;
import org.elasticsearch.index.analysis.AnalyzerProvider;
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
 * but not the analysis-common or rest-root modules of the full distribution. This plugin
 * fills the gap for what the project uses: each component below is a thin wrapper around the
 * Lucene class that Elasticsearch's own component wraps, under the same name and with the
 * same parameters, so an index definition that works here works on a full Elasticsearch 8
 * (production runs the official distribution, which has the real modules). It is never
 * installed in production.
 *
 * <p>The server core already provides: tokenizer {@code standard}; token filters
 * {@code lowercase}, {@code stop}, {@code shingle}, {@code hunspell}; analyzers
 * {@code standard}, {@code simple}, {@code whitespace}, {@code keyword}, {@code stop}.
 * Add a component here (and to devservices/es_node/README.md) when the project needs another.
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
            "whitespace", (is, env, name, s) -> tokenizer(is, s, name,
                () -> new WhitespaceTokenizer(s.getAsInt("max_token_length", 255))),
            "keyword", (is, env, name, s) -> tokenizer(is, s, name,
                () -> new KeywordTokenizer(s.getAsInt("buffer_size", 256))),
            "letter", (is, env, name, s) -> tokenizer(is, s, name, LetterTokenizer::new),
            "lowercase", (is, env, name, s) -> tokenizer(is, s, name, LowerCaseLetterTokenizer::new),
            "ngram", NGramTokenizerFactory::new,
            "edge_ngram", EdgeNGramTokenizerFactory::new
        );
    }

    @Override
    public Map<String, AnalysisProvider<TokenFilterFactory>> getTokenFilters() {
        return Map.ofEntries(
            Map.entry("asciifolding", AsciiFoldingFactory::new),
            Map.entry("uppercase", (is, env, name, s) -> normalizing(name, s, UpperCaseFilter::new)),
            Map.entry("cjk_width", (is, env, name, s) -> normalizing(name, s, CJKWidthFilter::new)),
            Map.entry("decimal_digit", (is, env, name, s) -> normalizing(name, s, DecimalDigitFilter::new)),
            Map.entry("cjk_bigram", CjkBigramFactory::new),
            Map.entry("ngram", NGramFilterFactory::new),
            Map.entry("edge_ngram", EdgeNGramFilterFactory::new),
            Map.entry("trim", (is, env, name, s) -> filter(name, s, TrimFilter::new)),
            Map.entry("reverse", (is, env, name, s) -> filter(name, s, ReverseStringFilter::new)),
            Map.entry("porter_stem", (is, env, name, s) -> filter(name, s, PorterStemFilter::new)),
            Map.entry("kstem", (is, env, name, s) -> filter(name, s, KStemFilter::new)),
            Map.entry("snowball", (is, env, name, s) -> {
                String language = s.get("language", "English");
                return filter(name, s, in -> new SnowballFilter(in, language));
            }),
            Map.entry("truncate", (is, env, name, s) -> {
                int length = s.getAsInt("length", 10);
                if (length <= 0) {
                    throw new IllegalArgumentException("length parameter must be provided");
                }
                return filter(name, s, in -> new TruncateTokenFilter(in, length));
            }),
            Map.entry("length", (is, env, name, s) -> {
                int min = s.getAsInt("min", 0);
                int max = s.getAsInt("max", Integer.MAX_VALUE);
                return filter(name, s, in -> new LengthFilter(in, min, max));
            }),
            Map.entry("remove_duplicates", (is, env, name, s) -> filter(name, s, RemoveDuplicatesTokenFilter::new))
        );
    }

    @Override
    public Map<String, AnalysisProvider<AnalyzerProvider<? extends org.apache.lucene.analysis.Analyzer>>> getAnalyzers() {
        return Map.of("cjk", (is, env, name, s) -> new AbstractIndexAnalyzerProvider<CJKAnalyzer>(name, s) {
            private final CJKAnalyzer analyzer = new CJKAnalyzer(
                Analysis.parseStopWords(env, s, CJKAnalyzer.getDefaultStopSet())
            );

            @Override
            public CJKAnalyzer get() {
                return analyzer;
            }
        });
    }

    // ---------------------------------------------------------------- small helpers

    private interface FilterCtor {
        TokenStream wrap(TokenStream in);
    }

    private static TokenFilterFactory filter(String name, Settings s, FilterCtor ctor) {
        return new AbstractTokenFilterFactory(name, s) {
            @Override
            public TokenStream create(TokenStream in) {
                return ctor.wrap(in);
            }
        };
    }

    /** A filter that is also applied to query-time normalization (keyword normalizers, wildcards). */
    private static TokenFilterFactory normalizing(String name, Settings s, FilterCtor ctor) {
        final class Normalizing extends AbstractTokenFilterFactory implements NormalizingTokenFilterFactory {
            Normalizing() {
                super(name, s);
            }

            @Override
            public TokenStream create(TokenStream in) {
                return ctor.wrap(in);
            }
        }
        return new Normalizing();
    }

    private static TokenizerFactory tokenizer(IndexSettings is, Settings s, String name, Supplier<Tokenizer> ctor) {
        return new AbstractTokenizerFactory(is, s, name) {
            @Override
            public Tokenizer create() {
                return ctor.get();
            }
        };
    }

    private static void checkNgramDiff(IndexSettings is, int minGram, int maxGram, String what) {
        int allowed = is.getMaxNgramDiff();
        int diff = maxGram - minGram;
        if (diff > allowed) {
            throw new IllegalArgumentException(
                "The difference between max_gram and min_gram in " + what + " must be less than or equal to: ["
                    + allowed + "] but was [" + diff + "]. This limit can be set by changing the ["
                    + IndexSettings.MAX_NGRAM_DIFF_SETTING.getKey() + "] index level setting."
            );
        }
    }

    /** token_chars of the ngram tokenizers: null means "every character is a token character". */
    static IntPredicate tokenChars(Settings s) {
        List<String> classes = s.getAsList("token_chars");
        if (classes.isEmpty()) {
            return null;
        }
        IntPredicate result = c -> false;
        for (String cls : classes) {
            IntPredicate p = switch (cls.toLowerCase(Locale.ROOT)) {
                case "letter" -> Character::isLetter;
                case "digit" -> Character::isDigit;
                case "whitespace" -> Character::isWhitespace;
                case "punctuation" -> c -> switch (Character.getType(c)) {
                    case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                        Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION,
                        Character.FINAL_QUOTE_PUNCTUATION, Character.OTHER_PUNCTUATION -> true;
                    default -> false;
                };
                case "symbol" -> c -> switch (Character.getType(c)) {
                    case Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL, Character.MODIFIER_SYMBOL,
                        Character.OTHER_SYMBOL -> true;
                    default -> false;
                };
                case "custom" -> {
                    String custom = s.get("custom_token_chars", "");
                    yield c -> custom.indexOf(c) >= 0;
                }
                default -> throw new IllegalArgumentException(
                    "Unknown token type: '" + cls + "', must be one of [letter, digit, whitespace, punctuation, symbol, custom]"
                );
            };
            result = result.or(p);
        }
        return result;
    }

    // ---------------------------------------------------------------- tokenizers

    static final class NGramTokenizerFactory extends AbstractTokenizerFactory {
        private final int minGram;
        private final int maxGram;
        private final IntPredicate tokenChars;

        NGramTokenizerFactory(IndexSettings is, org.elasticsearch.env.Environment env, String name, Settings s) {
            super(is, s, name);
            minGram = s.getAsInt("min_gram", NGramTokenizer.DEFAULT_MIN_NGRAM_SIZE);
            maxGram = s.getAsInt("max_gram", NGramTokenizer.DEFAULT_MAX_NGRAM_SIZE);
            checkNgramDiff(is, minGram, maxGram, "NGram Tokenizer");
            tokenChars = tokenChars(s);
        }

        @Override
        public Tokenizer create() {
            if (tokenChars == null) {
                return new NGramTokenizer(minGram, maxGram);
            }
            return new NGramTokenizer(minGram, maxGram) {
                @Override
                protected boolean isTokenChar(int chr) {
                    return tokenChars.test(chr);
                }
            };
        }
    }

    static final class EdgeNGramTokenizerFactory extends AbstractTokenizerFactory {
        private final int minGram;
        private final int maxGram;
        private final IntPredicate tokenChars;

        EdgeNGramTokenizerFactory(IndexSettings is, org.elasticsearch.env.Environment env, String name, Settings s) {
            super(is, s, name);
            minGram = s.getAsInt("min_gram", NGramTokenizer.DEFAULT_MIN_NGRAM_SIZE);
            maxGram = s.getAsInt("max_gram", NGramTokenizer.DEFAULT_MAX_NGRAM_SIZE);
            tokenChars = tokenChars(s);
        }

        @Override
        public Tokenizer create() {
            if (tokenChars == null) {
                return new EdgeNGramTokenizer(minGram, maxGram);
            }
            return new EdgeNGramTokenizer(minGram, maxGram) {
                @Override
                protected boolean isTokenChar(int chr) {
                    return tokenChars.test(chr);
                }
            };
        }
    }

    /** The "lowercase" tokenizer: runs of letters, lowercased (Lucene 9 no longer has one). */
    static final class LowerCaseLetterTokenizer extends Tokenizer {
        private static final int MAX_TOKEN_LENGTH = 255;
        private final CharTermAttribute termAtt = addAttribute(CharTermAttribute.class);
        private final OffsetAttribute offsetAtt = addAttribute(OffsetAttribute.class);
        private String text = "";
        private int pos;

        @Override
        public void reset() throws IOException {
            super.reset();
            StringBuilder sb = new StringBuilder();
            char[] buf = new char[4096];
            Reader reader = input;
            for (int n; (n = reader.read(buf)) != -1; ) {
                sb.append(buf, 0, n);
            }
            text = sb.toString();
            pos = 0;
        }

        @Override
        public boolean incrementToken() {
            clearAttributes();
            int len = text.length();
            while (pos < len && !Character.isLetter(text.codePointAt(pos))) {
                pos += Character.charCount(text.codePointAt(pos));
            }
            if (pos >= len) {
                return false;
            }
            int start = pos;
            int chars = 0;
            while (pos < len && chars < MAX_TOKEN_LENGTH) {
                int cp = text.codePointAt(pos);
                if (!Character.isLetter(cp)) {
                    break;
                }
                termAtt.append(new String(Character.toChars(Character.toLowerCase(cp))));
                pos += Character.charCount(cp);
                chars++;
            }
            offsetAtt.setOffset(correctOffset(start), correctOffset(pos));
            return true;
        }

        @Override
        public void end() throws IOException {
            super.end();
            int finalOffset = correctOffset(text.length());
            offsetAtt.setOffset(finalOffset, finalOffset);
        }

        @Override
        public void close() throws IOException {
            super.close();
            text = "";
        }
    }

    // ---------------------------------------------------------------- token filters

    static final class AsciiFoldingFactory extends AbstractTokenFilterFactory implements NormalizingTokenFilterFactory {
        private final boolean preserveOriginal;

        AsciiFoldingFactory(IndexSettings is, org.elasticsearch.env.Environment env, String name, Settings s) {
            super(name, s);
            preserveOriginal = s.getAsBoolean("preserve_original", false);
        }

        @Override
        public TokenStream create(TokenStream in) {
            return new ASCIIFoldingFilter(in, preserveOriginal);
        }

        @Override
        public TokenStream normalize(TokenStream in) {
            // Normalization must yield one token per input token.
            return new ASCIIFoldingFilter(in, false);
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

    static final class NGramFilterFactory extends AbstractTokenFilterFactory {
        private final int minGram;
        private final int maxGram;
        private final boolean preserveOriginal;

        NGramFilterFactory(IndexSettings is, org.elasticsearch.env.Environment env, String name, Settings s) {
            super(name, s);
            minGram = s.getAsInt("min_gram", 1);
            maxGram = s.getAsInt("max_gram", 2);
            preserveOriginal = s.getAsBoolean("preserve_original", false);
            checkNgramDiff(is, minGram, maxGram, "NGram Tokenizer");
        }

        @Override
        public TokenStream create(TokenStream in) {
            return new NGramTokenFilter(in, minGram, maxGram, preserveOriginal);
        }
    }

    static final class EdgeNGramFilterFactory extends AbstractTokenFilterFactory {
        private final int minGram;
        private final int maxGram;
        private final boolean preserveOriginal;
        private final boolean back;

        EdgeNGramFilterFactory(IndexSettings is, org.elasticsearch.env.Environment env, String name, Settings s) {
            super(name, s);
            minGram = s.getAsInt("min_gram", 1);
            maxGram = s.getAsInt("max_gram", 2);
            preserveOriginal = s.getAsBoolean("preserve_original", false);
            String side = s.get("side", "front");
            back = switch (side) {
                case "front" -> false;
                case "back" -> true;
                default -> throw new IllegalArgumentException("invalid side: [" + side + "], expected [front] or [back]");
            };
        }

        @Override
        public TokenStream create(TokenStream in) {
            if (back) {
                in = new ReverseStringFilter(in);
            }
            TokenStream result = new EdgeNGramTokenFilter(in, minGram, maxGram, preserveOriginal);
            return back ? new ReverseStringFilter(result) : result;
        }
    }
}
