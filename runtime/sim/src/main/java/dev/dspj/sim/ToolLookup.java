package dev.dspj.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generates the tool-use lookup task: the birthplaces of invented people, which no model knows and
 * the directory lookup holds. Each person has a distractor of a similar name (the same given name,
 * a family name one letter longer) born elsewhere, so a careless argument finds a wrong fact.
 */
final class ToolLookup {

    static final String NAME = "tool-lookup";
    static final List<String> HINTS = List.of("look up", "exact name");
    /** Logit lost answering without the lookup's fact: nobody knows invented people. */
    static final double UNAIDED_PENALTY = 8.0;

    private static final List<String> CITY_ENDINGS =
            List.of("burg", "ton", "grad", "polis", "abad", "vik", "haven", "port");
    private static final List<String> QUESTIONS =
            List.of("In which city was %s born?", "Which city is %s from?", "Name the city where %s was born.");

    private ToolLookup() {}

    static SimTask generate(long seed, int size) {
        Random random = new Random(seed * 31 + 0x100C_0005L);
        NameMaker names = new NameMaker(random);
        List<SimExample> examples = new ArrayList<>(size);
        Map<String, ToolSpec.Arguments> arguments = new LinkedHashMap<>();
        Map<String, String> facts = new LinkedHashMap<>();
        String idFormat = Ids.format("who", size);
        for (int i = 0; i < size; i++) {
            String person = names.person();
            String family = person.substring(person.indexOf(' ') + 1);
            String distractor = person + "e";
            String city = names.unique(CITY_ENDINGS);
            String otherCity = names.unique(CITY_ENDINGS);
            facts.put(person, person + " was born in " + city + ".");
            facts.put(distractor, distractor + " was born in " + otherCity + ".");
            String id = String.format(idFormat, i + 1);
            examples.add(new SimExample(
                    id,
                    Map.of("question", String.format(QUESTIONS.get(random.nextInt(QUESTIONS.size())), person)),
                    Map.of("answer", city),
                    Ids.round(0.2 + 0.6 * random.nextDouble())));
            arguments.put(id, new ToolSpec.Arguments(person, distractor, family));
        }
        ToolSpec spec = new ToolSpec(
                ToolSpec.Kind.LOOKUP,
                UNAIDED_PENALTY,
                arguments,
                List.of(SimTools.calculator(), SimTools.lookup(facts)));
        return new SimTask(NAME, examples, HINTS, spec);
    }
}
