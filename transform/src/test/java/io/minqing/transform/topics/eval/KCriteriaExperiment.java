package io.minqing.transform.topics.eval;

import io.minqing.transform.topics.Doc;
import io.minqing.transform.topics.KChooser;
import io.minqing.transform.topics.TopicFitter;
import io.minqing.transform.topics.TopicsConfig;
import io.minqing.transform.topics.Vectorizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Which unsupervised k criterion peaks where: stability, silhouette, NPMI coherence per k on the Teddy Cup words. */
public final class KCriteriaExperiment {
    private KCriteriaExperiment() {
    }

    public static void main(String[] args) throws Exception {
        List<SeedsEval.Msg> msgs = SeedsEval.messages(Path.of(System.getProperty("minqing.real.data", "../shared/data/real")), System.getProperty("cache"));
        TopicFitter.Params base = TopicsConfig.defaults(Path.of(".")).fit();
        for (boolean titles : Boolean.getBoolean("both") ? new boolean[] {true, false} : new boolean[] {true}) {
            List<Doc> docs = TopicFitter.inKeyOrder(msgs.stream().map(m -> new Doc(m.id(), "", m.id(), "", null, "",
                    titles ? m.title() : List.of(), m.detail(), "")).toList());
            Vectorizer vec = new TopicFitter(base).vocabularyOf(docs);
            List<Vectorizer.Sparse> xs = new ArrayList<>();
            for (Doc d : docs) {
                Vectorizer.Sparse s = vec.vector(d.titleWords(), d.descriptionWords());
                if (!s.isEmpty()) {
                    xs.add(s);
                }
            }
            List<Integer> ks = Arrays.stream(System.getProperty("ks", "5,7,10,15,20,25,30,40,50,60").split(",")).map(Integer::parseInt).toList();
            io.minqing.transform.topics.KCriteria.criteria(xs, vec.size(), base, ks).forEach((k, v) -> System.out.printf(Locale.ROOT,
                    "titles=%s k=%d stability %.4f silhouette %.4f coherence %.4f reproduced(0.5) %.2f reproduced(0.75) %.2f%n", titles, k, v[0], v[1], v[2], v[3], v[4]));
        }
    }
}
