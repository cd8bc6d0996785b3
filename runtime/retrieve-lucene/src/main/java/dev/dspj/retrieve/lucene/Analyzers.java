package dev.dspj.retrieve.lucene;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.ar.ArabicAnalyzer;
import org.apache.lucene.analysis.bg.BulgarianAnalyzer;
import org.apache.lucene.analysis.bn.BengaliAnalyzer;
import org.apache.lucene.analysis.br.BrazilianAnalyzer;
import org.apache.lucene.analysis.ca.CatalanAnalyzer;
import org.apache.lucene.analysis.cjk.CJKAnalyzer;
import org.apache.lucene.analysis.ckb.SoraniAnalyzer;
import org.apache.lucene.analysis.cz.CzechAnalyzer;
import org.apache.lucene.analysis.da.DanishAnalyzer;
import org.apache.lucene.analysis.de.GermanAnalyzer;
import org.apache.lucene.analysis.el.GreekAnalyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.es.SpanishAnalyzer;
import org.apache.lucene.analysis.et.EstonianAnalyzer;
import org.apache.lucene.analysis.eu.BasqueAnalyzer;
import org.apache.lucene.analysis.fa.PersianAnalyzer;
import org.apache.lucene.analysis.fi.FinnishAnalyzer;
import org.apache.lucene.analysis.fr.FrenchAnalyzer;
import org.apache.lucene.analysis.ga.IrishAnalyzer;
import org.apache.lucene.analysis.gl.GalicianAnalyzer;
import org.apache.lucene.analysis.hi.HindiAnalyzer;
import org.apache.lucene.analysis.hu.HungarianAnalyzer;
import org.apache.lucene.analysis.hy.ArmenianAnalyzer;
import org.apache.lucene.analysis.id.IndonesianAnalyzer;
import org.apache.lucene.analysis.it.ItalianAnalyzer;
import org.apache.lucene.analysis.lt.LithuanianAnalyzer;
import org.apache.lucene.analysis.lv.LatvianAnalyzer;
import org.apache.lucene.analysis.ne.NepaliAnalyzer;
import org.apache.lucene.analysis.nl.DutchAnalyzer;
import org.apache.lucene.analysis.no.NorwegianAnalyzer;
import org.apache.lucene.analysis.pt.PortugueseAnalyzer;
import org.apache.lucene.analysis.ro.RomanianAnalyzer;
import org.apache.lucene.analysis.ru.RussianAnalyzer;
import org.apache.lucene.analysis.sr.SerbianAnalyzer;
import org.apache.lucene.analysis.sv.SwedishAnalyzer;
import org.apache.lucene.analysis.ta.TamilAnalyzer;
import org.apache.lucene.analysis.te.TeluguAnalyzer;
import org.apache.lucene.analysis.th.ThaiAnalyzer;
import org.apache.lucene.analysis.tr.TurkishAnalyzer;

/**
 * Lucene's analyzers per language, by ISO 639-1 code: each language's stop words and stemmer, for
 * {@link Bm25Index#build(java.nio.file.Path, Corpus, Analyzer)}.
 *
 * <pre>{@code
 * try (Analyzer german = Analyzers.forLanguage("de")) {
 *     Bm25Index.build(Path.of("index-de"), Corpus.of(Path.of("docs-de.jsonl")), german).close();
 * }
 * Bm25Index index = Bm25Index.open(Path.of("index-de")); // finds the German analyzer it was built with
 * }</pre>
 *
 * <p>An index records the class of the analyzer it was built with; {@link Bm25Index#open(java.nio.file.Path)}
 * makes a new one of that class when it is one of these, and {@link
 * Bm25Index#open(java.nio.file.Path, Analyzer)} refuses an analyzer of another class, so queries are
 * always analyzed as the documents were.
 */
public final class Analyzers {

    private static final Map<String, Supplier<Analyzer>> BY_LANGUAGE = new LinkedHashMap<>();

    static {
        BY_LANGUAGE.put("ar", ArabicAnalyzer::new);
        BY_LANGUAGE.put("bg", BulgarianAnalyzer::new);
        BY_LANGUAGE.put("bn", BengaliAnalyzer::new);
        BY_LANGUAGE.put("ca", CatalanAnalyzer::new);
        BY_LANGUAGE.put("ckb", SoraniAnalyzer::new);
        BY_LANGUAGE.put("cs", CzechAnalyzer::new);
        BY_LANGUAGE.put("da", DanishAnalyzer::new);
        BY_LANGUAGE.put("de", GermanAnalyzer::new);
        BY_LANGUAGE.put("el", GreekAnalyzer::new);
        BY_LANGUAGE.put("en", EnglishAnalyzer::new);
        BY_LANGUAGE.put("es", SpanishAnalyzer::new);
        BY_LANGUAGE.put("et", EstonianAnalyzer::new);
        BY_LANGUAGE.put("eu", BasqueAnalyzer::new);
        BY_LANGUAGE.put("fa", PersianAnalyzer::new);
        BY_LANGUAGE.put("fi", FinnishAnalyzer::new);
        BY_LANGUAGE.put("fr", FrenchAnalyzer::new);
        BY_LANGUAGE.put("ga", IrishAnalyzer::new);
        BY_LANGUAGE.put("gl", GalicianAnalyzer::new);
        BY_LANGUAGE.put("hi", HindiAnalyzer::new);
        BY_LANGUAGE.put("hu", HungarianAnalyzer::new);
        BY_LANGUAGE.put("hy", ArmenianAnalyzer::new);
        BY_LANGUAGE.put("id", IndonesianAnalyzer::new);
        BY_LANGUAGE.put("it", ItalianAnalyzer::new);
        BY_LANGUAGE.put("ja", CJKAnalyzer::new);
        BY_LANGUAGE.put("ko", CJKAnalyzer::new);
        BY_LANGUAGE.put("lt", LithuanianAnalyzer::new);
        BY_LANGUAGE.put("lv", LatvianAnalyzer::new);
        BY_LANGUAGE.put("ne", NepaliAnalyzer::new);
        BY_LANGUAGE.put("nl", DutchAnalyzer::new);
        BY_LANGUAGE.put("no", NorwegianAnalyzer::new);
        BY_LANGUAGE.put("pt", PortugueseAnalyzer::new);
        BY_LANGUAGE.put("pt-br", BrazilianAnalyzer::new);
        BY_LANGUAGE.put("ro", RomanianAnalyzer::new);
        BY_LANGUAGE.put("ru", RussianAnalyzer::new);
        BY_LANGUAGE.put("sr", SerbianAnalyzer::new);
        BY_LANGUAGE.put("sv", SwedishAnalyzer::new);
        BY_LANGUAGE.put("ta", TamilAnalyzer::new);
        BY_LANGUAGE.put("te", TeluguAnalyzer::new);
        BY_LANGUAGE.put("th", ThaiAnalyzer::new);
        BY_LANGUAGE.put("tr", TurkishAnalyzer::new);
        BY_LANGUAGE.put("zh", CJKAnalyzer::new);
    }

    private static final Map<String, Supplier<Analyzer>> BY_CLASS = new LinkedHashMap<>();

    static {
        for (Supplier<Analyzer> supplier : BY_LANGUAGE.values()) {
            try (Analyzer sample = supplier.get()) {
                BY_CLASS.putIfAbsent(sample.getClass().getName(), supplier);
            }
        }
    }

    private Analyzers() {}

    /**
     * A new analyzer for a language; close it when done.
     *
     * @param language an ISO 639-1 code ({@code de}, {@code fr}, {@code ja}...; {@code pt-br} for
     *     Brazilian Portuguese), any case
     * @return the analyzer
     * @throws IllegalArgumentException naming the code and the codes there are, when Lucene has no
     *     analyzer for it
     */
    public static Analyzer forLanguage(String language) {
        Supplier<Analyzer> supplier = BY_LANGUAGE.get(language.toLowerCase(Locale.ROOT));
        if (supplier == null) {
            throw new IllegalArgumentException("no analyzer for the language '" + language + "'; the languages are "
                    + BY_LANGUAGE.keySet() + " (or pass any Lucene Analyzer)");
        }
        return supplier.get();
    }

    /**
     * The languages {@link #forLanguage} knows.
     *
     * @return their codes
     */
    public static Set<String> languages() {
        return BY_LANGUAGE.keySet();
    }

    /** A new analyzer of a recorded class, when it is one of these. */
    static Optional<Analyzer> ofClass(String className) {
        return Optional.ofNullable(BY_CLASS.get(className)).map(Supplier::get);
    }
}
