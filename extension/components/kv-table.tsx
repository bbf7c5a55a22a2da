/** A collapsible name/value table (headers, query parameters). */
export function KeyValueSection({
  title,
  entries,
  testId,
}: {
  title: string;
  entries: readonly (readonly [string, string])[];
  testId: string;
}) {
  return (
    <details class="detail-section" open>
      <summary>
        {title} ({entries.length})
      </summary>
      <table class="headers" data-testid={testId}>
        <tbody>
          {entries.map(([name, value]) => (
            <tr key={name}>
              <th scope="row">{name}</th>
              <td>{value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
