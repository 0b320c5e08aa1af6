// The project's WXT config, building into .output/bench/ so a benchmark never overwrites the builds that
// browser tests running at the same time load.
import base from '../../wxt.config';

export default { ...base, outDir: '.output/bench' };
