package dev.dspj.sim;

import dev.dspj.retrieve.Passage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;

/**
 * Generates the multi-hop retrieval task: a corpus of passages about invented countries, towns,
 * companies and people, and single- and two-hop questions about some of the people.
 *
 * <p>Every town and company comes with a twin of the same stem and another ending ({@code
 * Rilford}/{@code Rilby}) in another country or town; every person asked about has a twin whose
 * family name has one more letter ({@code Korven Talson}/{@code Korven Talsone}), born in the twin
 * of the person's town and working for the twin of the person's company; given and family names
 * are shared by many people; and short "meeting" passages mention people and towns by name. So a
 * query with a misspelled name, without the given name, or in generic words finds wrong passages,
 * and an exact name finds its passage among a few others that mention it.
 */
final class MultiHopQa {

    static final String NAME = "multi-hop-qa";
    static final List<String> HINTS = List.of("exact name", "bridge entity");

    private static final List<String> COUNTRY_ENDINGS = List.of("ia", "land", "stan", "ora", "ica", "mar");
    private static final List<String> CITY_ENDINGS = List.of("burg", "grad", "polis", "abad");
    private static final List<String> TOWN_ENDINGS = List.of("ford", "field", "by", "wick", "stead", "dale", "ton");
    private static final List<String> COMPANY_ENDINGS = List.of("corp", "works", "mills", "labs", "craft");
    private static final List<String> GIVEN_ENDINGS = List.of("", "a", "o", "en");
    private static final List<String> FAMILY_ENDINGS = List.of("", "ek", "son", "ova", "ley");
    private static final List<String> RIVER_ENDINGS = List.of("ane", "ube", "ar");
    private static final List<String> GOODS = List.of(
            "wool",
            "cheese",
            "glassware",
            "pottery",
            "salt",
            "timber",
            "lace",
            "cider",
            "copper",
            "honey",
            "rope",
            "paper",
            "linen",
            "clocks",
            "bells");
    private static final List<String> PRODUCTS = List.of(
            "bicycles",
            "lamps",
            "pumps",
            "looms",
            "telescopes",
            "boots",
            "sewing machines",
            "ink",
            "barrels",
            "maps",
            "kettles",
            "fishing nets");
    private static final List<String> JOBS = List.of(
            "clerk",
            "engineer",
            "chemist",
            "mechanic",
            "designer",
            "buyer",
            "bookkeeper",
            "surveyor",
            "foreman",
            "translator",
            "courier",
            "draughtsman");
    private static final List<String> HOBBIES = List.of(
            "chess",
            "rowing",
            "beekeeping",
            "birdwatching",
            "the violin",
            "gardening",
            "fencing",
            "astronomy",
            "sailing",
            "poetry");
    private static final List<String> TOPICS = List.of(
            "the harvest",
            "a new railway",
            "the river trade",
            "an old map",
            "the price of salt",
            "a wedding",
            "the town fair",
            "a storm");

    private static final List<String> BIRTH_TOWN =
            List.of("In which town was %s born?", "Where was %s born?", "What is the birthplace of %s?");
    private static final List<String> EMPLOYER =
            List.of("Which company does %s work for?", "Who employs %s?", "For which company does %s work?");
    private static final List<String> BIRTH_COUNTRY = List.of(
            "In which country is the town where %s was born?",
            "In which country was %s born?", "Which country is the birthplace of %s in?");
    private static final List<String> EMPLOYER_TOWN = List.of(
            "In which town is the company that %s works for headquartered?",
            "Where is the employer of %s headquartered?",
            "In which town does the company employing %s have its headquarters?");

    private static final List<RagSpec.QuestionKind> QUESTION_KINDS = List.of(
            RagSpec.QuestionKind.BIRTH_TOWN,
            RagSpec.QuestionKind.EMPLOYER,
            RagSpec.QuestionKind.BIRTH_COUNTRY,
            RagSpec.QuestionKind.EMPLOYER_TOWN);

    /** A passage before the corpus is shuffled and numbered. */
    private static final class Doc {
        final String title;
        final String text;
        String id = "";

        Doc(String title, String text) {
            this.title = title;
            this.text = text;
        }
    }

    /** A town or company with its twin and its passage. */
    private record Place(String name, String twinName, String parent, Doc doc, String key) {}

    /** A person with their passage. */
    private record Person(
            String name, String family, Place town, Place company, Doc doc, String bornKey, String worksKey) {}

    private MultiHopQa() {}

    static SimRagTask generate(long seed, int questions, int passages) {
        Random random = new Random(seed * 31 + 0x4A61_0006L);
        NameMaker names = new NameMaker(random);
        int countryCount = countries(passages);
        int townPairs = townPairs(passages);
        int companyPairs = companyPairs(passages);
        int mentionCount = mentions(passages);
        int peopleCount = people(passages);
        List<Doc> docs = new ArrayList<>(passages);
        List<RagSpec.Entity> entities = new ArrayList<>(passages);

        List<String> countries = new ArrayList<>(countryCount);
        for (int i = 0; i < countryCount; i++) {
            String country = names.unique(COUNTRY_ENDINGS);
            countries.add(country);
        }
        for (int i = 0; i < countryCount; i++) {
            String country = countries.get(i);
            String neighbour = countries.get((i + 1 + random.nextInt(countryCount - 1)) % countryCount);
            docs.add(new Doc(
                    country,
                    country + " is a country whose capital is " + names.unique(CITY_ENDINGS) + ". " + country
                            + " borders " + neighbour + " and trades in " + pick(random, GOODS) + "."));
            entities.add(new RagSpec.Entity(country, RagSpec.Kind.COUNTRY));
        }
        List<String> rivers = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            rivers.add(names.unique(RIVER_ENDINGS));
        }

        // towns in twin pairs, each twin in another country
        List<Place> towns = new ArrayList<>(townPairs * 2);
        for (int i = 0; i < townPairs; i++) {
            String[] pair = names.uniquePair(TOWN_ENDINGS);
            int first = random.nextInt(countryCount);
            int second = (first + 1 + random.nextInt(countryCount - 1)) % countryCount;
            Place a = town(pair[0], pair[1], countries.get(first), random, rivers);
            Place b = town(pair[1], pair[0], countries.get(second), random, rivers);
            towns.add(a);
            towns.add(b);
            docs.add(a.doc());
            docs.add(b.doc());
            entities.add(new RagSpec.Entity(a.name(), RagSpec.Kind.TOWN));
            entities.add(new RagSpec.Entity(b.name(), RagSpec.Kind.TOWN));
        }
        Map<String, Place> townByName = new LinkedHashMap<>();
        for (Place town : towns) {
            townByName.put(town.name(), town);
        }

        // companies in twin pairs, the twin headquartered in the twin of the company's town
        List<Place> companies = new ArrayList<>(companyPairs * 2);
        for (int i = 0; i < companyPairs; i++) {
            String[] pair = names.uniquePair(COMPANY_ENDINGS);
            Place home = towns.get(random.nextInt(towns.size()));
            Place a = company(pair[0], pair[1], home.name(), random);
            Place b = company(pair[1], pair[0], home.twinName(), random);
            companies.add(a);
            companies.add(b);
            docs.add(a.doc());
            docs.add(b.doc());
            entities.add(new RagSpec.Entity(a.name(), RagSpec.Kind.COMPANY));
            entities.add(new RagSpec.Entity(b.name(), RagSpec.Kind.COMPANY));
        }
        Map<String, Place> companyByName = new LinkedHashMap<>();
        for (Place company : companies) {
            companyByName.put(company.name(), company);
        }

        // people: given and family names drawn from pools, so many people share each
        int pool = (int) Math.ceil(Math.sqrt(3.0 * peopleCount)) + 8;
        List<String> givens = new ArrayList<>(pool);
        List<String> families = new ArrayList<>(pool);
        for (int i = 0; i < pool; i++) {
            givens.add(names.unique(GIVEN_ENDINGS));
            families.add(names.unique(FAMILY_ENDINGS));
        }
        Set<String> fullNames = new HashSet<>(peopleCount * 2);
        List<Person> asked = new ArrayList<>(questions);
        List<String> twins = new ArrayList<>(questions);
        List<String> everyone = new ArrayList<>(peopleCount);
        int made = 0;
        while (made < peopleCount) {
            String family = families.get(random.nextInt(pool));
            String name = givens.get(random.nextInt(pool)) + " " + family;
            if (!fullNames.add(name.toLowerCase(Locale.ROOT))) {
                continue;
            }
            Place town = towns.get(random.nextInt(towns.size()));
            Place company = companies.get(random.nextInt(companies.size()));
            Person person = person(name, family, town, company, random);
            docs.add(person.doc());
            entities.add(new RagSpec.Entity(name, RagSpec.Kind.PERSON));
            everyone.add(name);
            made++;
            if (asked.size() < questions && made < peopleCount) {
                String twin = twinName(name, fullNames);
                Person other = person(
                        twin,
                        family,
                        Objects.requireNonNull(townByName.get(town.twinName()), "a town's twin"),
                        Objects.requireNonNull(companyByName.get(company.twinName()), "a company's twin"),
                        random);
                docs.add(other.doc());
                entities.add(new RagSpec.Entity(twin, RagSpec.Kind.PERSON));
                everyone.add(twin);
                made++;
                asked.add(person);
                twins.add(twin);
            }
        }
        if (asked.size() < questions) {
            throw new IllegalStateException("a corpus of " + passages + " passages holds only " + asked.size()
                    + " questions, asked for " + questions);
        }

        for (int i = 0; i < mentionCount; i++) {
            String first = random.nextBoolean()
                    ? asked.get(random.nextInt(asked.size())).name()
                    : everyone.get(random.nextInt(everyone.size()));
            String second = everyone.get(random.nextInt(everyone.size()));
            String town = towns.get(random.nextInt(towns.size())).name();
            int year = 1850 + random.nextInt(120);
            docs.add(new Doc(
                    town + " meeting of " + year,
                    first + " and " + second + " met in " + town + " in " + year + ". They spoke about "
                            + pick(random, TOPICS) + "."));
        }

        Collections.shuffle(docs, random);
        List<Passage> corpusPassages = new ArrayList<>(docs.size());
        int width = Math.max(6, String.valueOf(docs.size()).length());
        StringBuilder passageId = new StringBuilder(width + 2);
        for (int i = 0; i < docs.size(); i++) {
            Doc doc = docs.get(i);
            // p-000001: String.format took a third of the generation time
            String number = Integer.toString(i + 1);
            passageId.setLength(0);
            passageId.append("p-");
            for (int pad = number.length(); pad < width; pad++) {
                passageId.append('0');
            }
            doc.id = passageId.append(number).toString();
            corpusPassages.add(new Passage(doc.id, doc.text, doc.title, Map.of(), 0.0));
        }
        SimCorpus corpus = new SimCorpus(corpusPassages);

        List<SimExample> examples = new ArrayList<>(questions);
        Map<String, RagSpec.Question> specs = new LinkedHashMap<>();
        String exampleFormat = Ids.format("mh", questions);
        for (int i = 0; i < questions; i++) {
            Person person = asked.get(i);
            RagSpec.QuestionKind kind = pick(random, QUESTION_KINDS);
            String twin = twins.get(i);
            RagSpec.Hop bornHop = hop(person.name(), twin, person.doc(), person.bornKey());
            RagSpec.Hop worksHop = hop(person.name(), twin, person.doc(), person.worksKey());
            String question;
            String answer;
            List<RagSpec.Hop> hops;
            double difficulty;
            switch (kind) {
                case BIRTH_TOWN -> {
                    question = pick(random, BIRTH_TOWN);
                    answer = person.town().name();
                    hops = List.of(bornHop);
                }
                case EMPLOYER -> {
                    question = pick(random, EMPLOYER);
                    answer = person.company().name();
                    hops = List.of(worksHop);
                }
                case BIRTH_COUNTRY -> {
                    question = pick(random, BIRTH_COUNTRY);
                    answer = person.town().parent();
                    Place town = person.town();
                    hops = List.of(bornHop, hop(town.name(), town.twinName(), town.doc(), town.key()));
                }
                default -> {
                    question = pick(random, EMPLOYER_TOWN);
                    answer = person.company().parent();
                    Place company = person.company();
                    hops = List.of(worksHop, hop(company.name(), company.twinName(), company.doc(), company.key()));
                }
            }
            difficulty = kind.hops() == 1 ? 0.1 + 0.5 * random.nextDouble() : 0.3 + 0.6 * random.nextDouble();
            String id = String.format(Locale.ROOT, exampleFormat, i + 1);
            examples.add(new SimExample(
                    id,
                    Map.of("question", String.format(Locale.ROOT, question, person.name())),
                    Map.of("answer", answer),
                    Ids.round(difficulty)));
            specs.put(id, new RagSpec.Question(kind, hops, person.family()));
        }
        RagSpec spec = new RagSpec(corpus, specs, entities);
        return new SimRagTask(new SimTask(NAME, examples, HINTS, null, spec), spec);
    }

    /** How many country passages a corpus of some size has. */
    static int countries(int passages) {
        return Math.max(8, passages / 250);
    }

    static int townPairs(int passages) {
        return Math.max(4, passages / 16);
    }

    static int companyPairs(int passages) {
        return Math.max(4, passages / 32);
    }

    static int mentions(int passages) {
        return passages / 8;
    }

    /** How many person passages (people asked about, their twins and others) a corpus of some size has. */
    static int people(int passages) {
        return passages
                - countries(passages)
                - 2 * townPairs(passages)
                - 2 * companyPairs(passages)
                - mentions(passages);
    }

    /** The most questions a corpus of some size holds: each person asked about comes with a twin. */
    static int maxQuestions(int passages) {
        return (people(passages) - 1) / 2;
    }

    private static Place town(String name, String twin, String country, Random random, List<String> rivers) {
        String key = name + " is a town in " + country + ".";
        Doc doc = new Doc(
                name,
                key + " " + name + " lies on the " + pick(random, rivers) + " river and is known for its "
                        + pick(random, GOODS) + ".");
        return new Place(name, twin, country, doc, key);
    }

    private static Place company(String name, String twin, String town, Random random) {
        String key = name + " is a company headquartered in " + town + ".";
        Doc doc = new Doc(
                name,
                key + " " + name + " makes " + pick(random, PRODUCTS) + " and was founded in "
                        + (1820 + random.nextInt(150)) + ".");
        return new Place(name, twin, town, doc, key);
    }

    private static Person person(String name, String family, Place town, Place company, Random random) {
        String born = name + " was born in " + town.name() + ".";
        String works = name + " works for " + company.name() + " as a " + pick(random, JOBS) + ".";
        Doc doc = new Doc(name, born + " " + works + " " + name + " enjoys " + pick(random, HOBBIES) + ".");
        return new Person(name, family, town, company, doc, born, works);
    }

    /** The family name plus a letter, the first full name not yet taken. */
    private static String twinName(String name, Set<String> fullNames) {
        for (String letter : List.of("e", "a", "i", "y", "er", "es")) {
            String twin = name + letter;
            if (fullNames.add(twin.toLowerCase(Locale.ROOT))) {
                return twin;
            }
        }
        throw new IllegalStateException("no similar name left for " + name);
    }

    private static RagSpec.Hop hop(String entity, String twin, Doc doc, String key) {
        return new RagSpec.Hop(entity, twin, doc.id, doc.title, RagSpec.flat(key));
    }

    private static <T> T pick(Random random, List<T> options) {
        return options.get(random.nextInt(options.size()));
    }
}
