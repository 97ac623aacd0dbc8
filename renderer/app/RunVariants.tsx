import { declaresCombinations } from '../../shared/plan/expand/expandRun';
import { MAX_VARIANTS } from '../../shared/plan/expand/options';
import { useGraph, useGraphActions, useRun, useRunActions } from '../store/context';

/**
 * Beside Run: "× N" variants for the next run, how prompt alternatives and swept
 * values combine (when the graph has any), and the variant board of the run shown.
 */
/** Usable during a run too: the count applies to the next run or queued item. */
export function RunVariants() {
  const variants = useRun((s) => s.variants);
  const hasBoard = useRun((s) => Object.keys(s.labels).length > 0);
  const { setVariants, setBoardOpen } = useRunActions();
  const combine = useGraph((s) => s.doc.combine ?? 'product');
  const combines = useGraph((s) => declaresCombinations(s.doc));
  const { dispatch } = useGraphActions();
  return (
    <>
      <label
        className="run-variants"
        style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}
        title="Run × N: N distinct takes of every model node that runs (each cached as itself)"
      >
        ×
        <input
          type="number"
          data-testid="run-variants"
          aria-label="Variants per run"
          min={1}
          max={MAX_VARIANTS}
          value={variants}
          onChange={(e) => setVariants(Number(e.currentTarget.value))}
          style={{ width: '3.2em' }}
        />
      </label>
      {combines && (
        <select
          data-testid="run-combine"
          aria-label="Combine alternatives and swept values"
          title="Every combination of the prompt alternatives and swept values, or the n-th of each together"
          value={combine}
          onChange={(e) =>
            dispatch({
              type: 'setCombine',
              combine: e.currentTarget.value === 'zip' ? 'zip' : 'product',
            })
          }
        >
          <option value="product">every combination</option>
          <option value="zip">zip (n-th together)</option>
        </select>
      )}
      {hasBoard && (
        <button
          type="button"
          data-testid="btn-board"
          title="The outputs of the run's variants and combinations side by side"
          onClick={() => setBoardOpen(true)}
        >
          Board
        </button>
      )}
    </>
  );
}
