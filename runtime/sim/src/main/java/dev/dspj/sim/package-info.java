/**
 * The simulated model: DSPJ's deterministic offline language model and the test bed for HTTP
 * clients, optimizers and benchmarks.
 *
 * <p>It reads prompts the way a model would (the Chat, JSON and XML adapters' formats), recognises
 * which example of a {@link dev.dspj.sim.SimTask} it is asked about, and answers through a
 * <em>competence model</em>: the chance of a correct answer is a known function of the model,
 * the example's difficulty, the demos shown, a reasoning field, the task's hint phrases in the
 * instructions and the temperature ({@link dev.dspj.sim.Competence}). Every answer is a
 * deterministic function of the seed and the prompt, and the best achievable accuracy is known
 * ({@link dev.dspj.sim.SimTask#bestAchievable(java.util.List)}).
 *
 * <p>It also plays an optimizer's prompt model: asked for an instruction, a data summary or module
 * advice, it adds a task's hint phrases with probabilities that grow with the evidence the prompt
 * gives ({@link dev.dspj.sim.SimProposer}), and {@link dev.dspj.sim.SimMetrics} scores answers with
 * the textual feedback reflective optimizers read.
 *
 * <p>Retrieval has its own task, {@link dev.dspj.sim.SimRagTask}: a generated corpus ({@link
 * dev.dspj.sim.SimCorpus}) about invented entities, single- and two-hop questions answered only
 * from their gold passages, search queries that name the right entity with a known probability
 * ({@link dev.dspj.sim.RagCompetence}), and the expected accuracy of a multi-hop program.
 *
 * <p>Two ways in: {@link dev.dspj.sim.SimulatedModel}, an in-process
 * {@link dev.dspj.lm.LanguageModel}, and {@link dev.dspj.sim.SimulatedModelServer}, which serves
 * the OpenAI Chat Completions and Anthropic Messages protocols on a loopback port, with latency,
 * cost per model and injected faults ({@link dev.dspj.sim.Fault}).
 */
@NullMarked
package dev.dspj.sim;

import org.jspecify.annotations.NullMarked;
