/** A small danger button that asks before it deletes. */
export function DeleteButton({ question, disabled, onConfirm }: { question: string; disabled: boolean; onConfirm: () => void }) {
  return (
    <button
      type="button"
      className="button small danger"
      disabled={disabled}
      onClick={() => {
        if (window.confirm(question)) onConfirm();
      }}
    >
      Delete
    </button>
  );
}
