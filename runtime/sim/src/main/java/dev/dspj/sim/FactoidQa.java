package dev.dspj.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Generates the factoid question-answering task: capitals of invented countries, birthplaces of invented people. */
final class FactoidQa {

    static final String NAME = "factoid-qa";
    static final List<String> HINTS = List.of("short factoid", "1-5 words");

    private static final List<String> COUNTRY_ENDINGS = List.of("ia", "land", "stan", "ora", "ica", "mar");
    private static final List<String> CITY_ENDINGS =
            List.of("burg", "ton", "grad", "polis", "abad", "vik", "haven", "port");
    private static final List<String> TOWN_ENDINGS = List.of("ford", "field", "by", "wick", "stead", "dale");
    private static final List<String> CAPITAL_QUESTIONS =
            List.of("What is the capital of %s?", "Which city is the capital of %s?", "Name the capital city of %s.");
    private static final List<String> BIRTHPLACE_QUESTIONS =
            List.of("Where was %s born?", "In which town was %s born?", "What is the birthplace of %s?");

    private FactoidQa() {}

    static SimTask generate(long seed, int size) {
        Random random = new Random(seed * 31 + 0x51A7_0001L);
        NameMaker names = new NameMaker(random);
        List<SimExample> examples = new ArrayList<>(size);
        String idFormat = Ids.format("qa", size);
        for (int i = 0; i < size; i++) {
            String question;
            String answer;
            double difficulty;
            if (random.nextBoolean()) {
                String country = names.unique(COUNTRY_ENDINGS);
                answer = names.unique(CITY_ENDINGS);
                question = String.format(pick(random, CAPITAL_QUESTIONS), country);
                difficulty = 0.05 + 0.6 * random.nextDouble();
            } else {
                String person = names.person();
                answer = names.unique(TOWN_ENDINGS);
                question = String.format(pick(random, BIRTHPLACE_QUESTIONS), person);
                difficulty = 0.3 + 0.7 * random.nextDouble();
            }
            examples.add(new SimExample(
                    String.format(idFormat, i + 1),
                    Map.of("question", question),
                    Map.of("answer", answer),
                    Ids.round(difficulty)));
        }
        return new SimTask(NAME, examples, HINTS);
    }

    private static String pick(Random random, List<String> options) {
        return options.get(random.nextInt(options.size()));
    }
}
